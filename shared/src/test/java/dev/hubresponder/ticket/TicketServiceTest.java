package dev.hubresponder.ticket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubresponder.action.ActionInProgressException;
import dev.hubresponder.action.ActionRunner;
import dev.hubresponder.config.ResponderConfig;
import dev.hubresponder.finding.Finding;
import dev.hubresponder.finding.Severity;
import dev.hubresponder.ledger.ActionKey;
import dev.hubresponder.ledger.ActionLedger;
import dev.hubresponder.ledger.InMemoryActionLedger;
import dev.hubresponder.ledger.LedgerEntry;
import dev.hubresponder.ledger.LedgerState;
import dev.hubresponder.metrics.ResponderMetrics;
import dev.hubresponder.policy.Decision;
import dev.hubresponder.policy.PlannedAction;
import dev.hubresponder.policy.ResponseAction;
import dev.hubresponder.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ticket service over an in-memory provider and ledger: one ticket per finding, whatever happens. */
class TicketServiceTest {
    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
    private static final Duration LEASE = Duration.ofSeconds(45);
    private static final ActionKey KEY = new ActionKey(TestFindings.GUARDDUTY_ID, ResponseAction.TICKET, "-");

    private final MutableClock clock = new MutableClock(NOW);
    private final InMemoryActionLedger memory = new InMemoryActionLedger();
    private final CrashingLedger ledger = new CrashingLedger(memory);
    private final FakeTicketSystem provider = new FakeTicketSystem();
    private final Decision decision = TestFindings.decision(TestFindings.sshBruteForce(), ResponseAction.TICKET,
            ResponseAction.ALERT);

    private TicketService service(boolean reopen) {
        return service(provider, ledger, reopen);
    }

    private TicketService service(TicketSystem tickets, ActionLedger ledger, boolean reopen) {
        return new TicketService(tickets, ledger, new ActionRunner(ledger, ResponderConfig.defaults(),
                ResponderMetrics.NONE, LEASE, clock), new TicketComposer(new dev.hubresponder.policy.TrustPolicy(dev.hubresponder.config.ResponderConfig.defaults())), reopen, clock);
    }

    @Test
    void opensOneTicketAndRecordsItsKeyAndUrl() {
        TicketOutcome outcome = service(false).ticket(decision, List.of());

        assertThat(outcome.status()).isEqualTo(TicketOutcome.Status.CREATED);
        assertThat(outcome.summary()).isEqualTo("ticket SEC-1 created");
        LedgerEntry entry = ledger.find(KEY).orElseThrow();
        assertThat(entry.state()).isEqualTo(LedgerState.DONE);
        assertThat(entry.reason()).isEqualTo("ticket SEC-1 opened: https://tickets.example/SEC-1");
        assertThat(entry.artifacts()).containsEntry("ticketKey", "SEC-1")
                .containsEntry("ticketUrl", "https://tickets.example/SEC-1")
                .containsEntry("ticketId", "1")
                .containsEntry("provider", "fake");
        assertThat(provider.created).singleElement().satisfies(content -> assertThat(content.dedupLabel())
                .isEqualTo(TicketLabels.forFinding(TestFindings.GUARDDUTY_ID, 1)));
    }

    @Test
    void aSecondDeliveryOfTheSameFindingOpensNothing() {
        service(false).ticket(decision, List.of());

        TicketOutcome second = service(false).ticket(decision, List.of());

        assertThat(second.status()).isEqualTo(TicketOutcome.Status.ALREADY_OPEN);
        assertThat(second.ticket().key()).isEqualTo("SEC-1");
        assertThat(provider.created).hasSize(1);
        assertThat(provider.lookups).isEqualTo(1);
    }

    @Test
    void completesADeliveryThatDiedAfterTheProviderCreatedTheTicketWithoutASecondOne() {
        ledger.crashWhen(entry -> entry.artifacts().containsKey("provider"));
        assertThatThrownBy(() -> service(false).ticket(decision, List.of())).hasMessageContaining("simulated crash");
        assertThat(provider.created).hasSize(1);
        ledger.recover();
        assertThat(ledger.find(KEY).orElseThrow().state()).isEqualTo(LedgerState.PLANNED);

        assertThatThrownBy(() -> service(false).ticket(decision, List.of()))
                .isInstanceOf(ActionInProgressException.class).hasMessageContaining("in progress in another delivery");
        clock.advance(LEASE.plusSeconds(1));
        TicketOutcome retried = service(false).ticket(decision, List.of());

        assertThat(retried.status()).isEqualTo(TicketOutcome.Status.RECOVERED);
        assertThat(retried.ticket().key()).isEqualTo("SEC-1");
        assertThat(provider.created).hasSize(1);
        LedgerEntry entry = ledger.find(KEY).orElseThrow();
        assertThat(entry.state()).isEqualTo(LedgerState.DONE);
        assertThat(entry.artifacts()).containsEntry("ticketKey", "SEC-1");
        assertThat(entry.reason()).isEqualTo("ticket SEC-1 found by its label "
                + TicketLabels.forFinding(TestFindings.GUARDDUTY_ID, 1)
                + " after an interrupted delivery: https://tickets.example/SEC-1");
    }

    @Test
    void releasesTheClaimAndThrowsWhenTheProviderIsDownSoThatTheRetryCanOpenIt() {
        provider.nextCreation(() -> {
            throw new RetryableTicketException("fake answered 503");
        });

        assertThatThrownBy(() -> service(false).ticket(decision, List.of()))
                .isInstanceOf(RetryableTicketException.class).hasMessage("fake answered 503");
        LedgerEntry interrupted = ledger.find(KEY).orElseThrow();
        assertThat(interrupted.state()).isEqualTo(LedgerState.PLANNED);
        assertThat(interrupted.leaseUntil()).isNull();

        TicketOutcome retried = service(false).ticket(decision, List.of());

        assertThat(retried.status()).isEqualTo(TicketOutcome.Status.CREATED);
        assertThat(provider.created).hasSize(1);
    }

    @Test
    void backsOffWhileAnotherDeliveryHoldsTheClaim() {
        memory.put(new LedgerEntry(KEY, KEY.ledgerId(), LedgerState.PLANNED, "HIGH findings get a ticket",
                TestFindings.GUARDDUTY_PRODUCT, "193043430472", "HIGH", null, List.of(), Map.of(), NOW, NOW, null, 1,
                NOW.plusSeconds(30)));

        assertThatThrownBy(() -> service(false).ticket(decision, List.of()))
                .isInstanceOf(ActionInProgressException.class);
        assertThat(provider.lookups).isZero();
        assertThat(provider.created).isEmpty();
    }

    @Test
    void recordsAPermanentRefusalAsFailedAndTriesAgainOnTheNextDelivery() {
        provider.nextCreation(() -> new TicketCreation.Rejected("fake answered 400: project SEC does not exist"));

        TicketOutcome refused = service(false).ticket(decision, List.of());

        assertThat(refused.status()).isEqualTo(TicketOutcome.Status.FAILED);
        assertThat(refused.summary()).isEqualTo("ticket failed: fake answered 400: project SEC does not exist");
        LedgerEntry failed = ledger.find(KEY).orElseThrow();
        assertThat(failed.state()).isEqualTo(LedgerState.FAILED);
        assertThat(failed.reason()).isEqualTo("fake answered 400: project SEC does not exist");

        TicketOutcome next = service(false).ticket(decision, List.of());

        assertThat(next.status()).isEqualTo(TicketOutcome.Status.CREATED);
        assertThat(provider.created).hasSize(1);
        assertThat(ledger.find(KEY).orElseThrow().state()).isEqualTo(LedgerState.DONE);
    }

    @Test
    void opensANewTicketWhenTheFindingComesBackAfterItsTicketWasClosed() {
        service(true).ticket(decision, List.of());
        provider.statuses.put("SEC-1", TicketStatus.CLOSED);

        TicketOutcome reopened = service(true).ticket(decision, List.of());

        assertThat(reopened.status()).isEqualTo(TicketOutcome.Status.CREATED);
        assertThat(reopened.summary()).isEqualTo("ticket SEC-2 created (the finding came back after SEC-1 was closed)");
        assertThat(provider.created.get(1).dedupLabel())
                .isEqualTo(TicketLabels.forFinding(TestFindings.GUARDDUTY_ID, 2));
        assertThat(provider.created.get(1).previousTickets()).containsExactly("SEC-1");
        LedgerEntry second = ledger.find(new ActionKey(TestFindings.GUARDDUTY_ID, ResponseAction.TICKET,
                "reopened-2")).orElseThrow();
        assertThat(second.artifacts()).containsEntry("ticketKey", "SEC-2");
        assertThat(ledger.find(KEY).orElseThrow().artifacts()).containsEntry("ticketKey", "SEC-1");

        TicketOutcome again = service(true).ticket(decision, List.of());

        assertThat(again.status()).isEqualTo(TicketOutcome.Status.ALREADY_OPEN);
        assertThat(again.ticket().key()).isEqualTo("SEC-2");
        assertThat(provider.created).hasSize(2);
    }

    @Test
    void keepsTheClosedTicketWhenReopeningIsOffOrTheFindingIsNotNew() {
        service(false).ticket(decision, List.of());
        provider.statuses.put("SEC-1", TicketStatus.CLOSED);
        Finding notified = TestFindings.withWorkflow(TestFindings.GUARDDUTY_ID, Severity.HIGH, "t", "d", "NOTIFIED");

        TicketOutcome reopeningOff = service(false).ticket(decision, List.of());
        TicketOutcome notNew = service(true).ticket(TestFindings.decision(notified, ResponseAction.TICKET), List.of());

        assertThat(List.of(reopeningOff.status(), notNew.status())).containsOnly(TicketOutcome.Status.ALREADY_OPEN);
        assertThat(provider.created).hasSize(1);
    }

    @Test
    void recordsButOpensNothingInShadowModeAndOpensItOnceShadowModeIsOff() {
        Decision shadow = TestFindings.decision(TestFindings.sshBruteForce(),
                List.of(new PlannedAction(ResponseAction.TICKET, null, "policy", true)), List.of());

        TicketOutcome shadowed = service(false).ticket(shadow, List.of());

        assertThat(shadowed.status()).isEqualTo(TicketOutcome.Status.SHADOW);
        assertThat(ledger.find(KEY).orElseThrow().state()).isEqualTo(LedgerState.SHADOW);
        assertThat(provider.lookups).isZero();
        assertThat(service(false).ticket(shadow, List.of()).status()).isEqualTo(TicketOutcome.Status.SHADOW);

        assertThat(service(false).ticket(decision, List.of()).status()).isEqualTo(TicketOutcome.Status.CREATED);
        assertThat(provider.created).hasSize(1);
    }

    @Test
    void opensNothingAndRecordsNothingWithTheNoneProvider() {
        TicketOutcome outcome = service(new NoTicketSystem(), ledger, true).ticket(decision, List.of());

        assertThat(outcome.status()).isEqualTo(TicketOutcome.Status.NOT_CONFIGURED);
        assertThat(ledger.find(KEY)).isEmpty();
    }

    @Test
    void writesWhatContainmentDidAndWhichStageFailedIntoTheTicket() {
        memory.put(new LedgerEntry(new ActionKey(TestFindings.GUARDDUTY_ID, ResponseAction.QUARANTINE_INSTANCE,
                "i-0c10c2c7863d1a356"), "q1", LedgerState.DONE, "quarantined 1 ENI", TestFindings.GUARDDUTY_PRODUCT,
                "193043430472", "HIGH", "{}", List.of("sg-swap"), Map.of(), NOW, NOW, null, 3));
        memory.put(new LedgerEntry(new ActionKey(TestFindings.GUARDDUTY_ID, ResponseAction.BLOCK_ADDRESS,
                "10.1.2.3/32"), "b1", LedgerState.REFUSED, "private address", TestFindings.GUARDDUTY_PRODUCT,
                "193043430472", "HIGH", null, List.of(), Map.of(), NOW, NOW, null, 1));

        service(false).ticket(decision, List.of("RetriesExhausted: StopTask timed out"));

        TicketContent content = provider.created.get(0);
        assertThat(content.done()).containsExactly(
                "Quarantine instance i-0c10c2c7863d1a356 — done: quarantined 1 ENI",
                "A response stage failed after its retries: RetriesExhausted: StopTask timed out");
        assertThat(content.refused()).containsExactly("Block address 10.1.2.3/32 — refused: private address");
    }
}
