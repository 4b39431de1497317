package dev.hubresponder.ticket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubresponder.finding.Finding;
import dev.hubresponder.finding.Severity;
import dev.hubresponder.ledger.ActionKey;
import dev.hubresponder.ledger.LedgerEntry;
import dev.hubresponder.ledger.LedgerState;
import dev.hubresponder.policy.Decision;
import dev.hubresponder.policy.PlannedAction;
import dev.hubresponder.policy.ResponseAction;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ticket service over an in-memory provider and ledger: one ticket per finding, whatever happens. */
class TicketServiceTest {
    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
    private static final ActionKey KEY = new ActionKey(TestFindings.GUARDDUTY_ID, ResponseAction.TICKET, "-");

    private final MutableClock clock = new MutableClock(NOW);
    private final InMemoryActionLedger ledger = new InMemoryActionLedger();
    private final FakeTicketSystem provider = new FakeTicketSystem();
    private final RecordingBacklink backlink = new RecordingBacklink();
    private final Decision decision = TestFindings.decision(TestFindings.sshBruteForce(), ResponseAction.TICKET,
            ResponseAction.ALERT);

    private TicketService service(boolean reopen) {
        return new TicketService(provider, ledger, backlink, new TicketComposer(),
                new TicketService.Settings(reopen, Duration.ofSeconds(45)), clock);
    }

    @Test
    void opensOneTicketRecordsItsKeyAndUrlAndNotesItOnTheFinding() {
        TicketOutcome outcome = service(false).ticket(decision, List.of());

        assertThat(outcome.status()).isEqualTo(TicketOutcome.Status.CREATED);
        assertThat(outcome.summary()).isEqualTo("ticket SEC-1 created");
        LedgerEntry entry = ledger.find(KEY).orElseThrow();
        assertThat(entry.state()).isEqualTo(LedgerState.DONE);
        assertThat(entry.artifacts()).containsEntry("ticketKey", "SEC-1")
                .containsEntry("ticketUrl", "https://tickets.example/SEC-1")
                .containsEntry("dedupLabel", TicketLabels.forFinding(TestFindings.GUARDDUTY_ID, 1))
                .doesNotContainKey("leaseUntil");
        assertThat(entry.completedSteps()).containsExactly("created", "linked");
        assertThat(provider.created).singleElement()
                .satisfies(content -> assertThat(content.dedupLabel()).isEqualTo(entry.artifacts().get("dedupLabel")));
        assertThat(backlink.links).containsExactly(TestFindings.GUARDDUTY_ID + " -> SEC-1");
    }

    @Test
    void aSecondDeliveryOfTheSameFindingOpensNothing() {
        service(false).ticket(decision, List.of());

        TicketOutcome second = service(false).ticket(decision, List.of());

        assertThat(second.status()).isEqualTo(TicketOutcome.Status.ALREADY_OPEN);
        assertThat(second.ticket().key()).isEqualTo("SEC-1");
        assertThat(provider.created).hasSize(1);
        assertThat(provider.lookups).isEqualTo(1);
        assertThat(backlink.links).hasSize(1);
    }

    @Test
    void completesADeliveryThatDiedAfterTheProviderCreatedTheTicketWithoutASecondOne() {
        ledger.crashWhen(entry -> entry.state() == LedgerState.DONE);
        assertThatThrownBy(() -> service(false).ticket(decision, List.of()))
                .hasMessageContaining("simulated crash");
        assertThat(provider.created).hasSize(1);
        ledger.recover();
        assertThat(ledger.find(KEY).orElseThrow().state()).isEqualTo(LedgerState.PLANNED);

        assertThatThrownBy(() -> service(false).ticket(decision, List.of()))
                .isInstanceOf(RetryableTicketException.class).hasMessageContaining("being opened by another delivery");
        clock.advance(Duration.ofSeconds(46));
        TicketOutcome retried = service(false).ticket(decision, List.of());

        assertThat(retried.status()).isEqualTo(TicketOutcome.Status.RECOVERED);
        assertThat(retried.ticket().key()).isEqualTo("SEC-1");
        assertThat(provider.created).hasSize(1);
        LedgerEntry entry = ledger.find(KEY).orElseThrow();
        assertThat(entry.state()).isEqualTo(LedgerState.DONE);
        assertThat(entry.artifacts()).containsEntry("ticketKey", "SEC-1");
        assertThat(entry.reason()).contains("found by label");
        assertThat(backlink.links).containsExactly(TestFindings.GUARDDUTY_ID + " -> SEC-1");
    }

    @Test
    void releasesTheLeaseAndThrowsWhenTheProviderIsDownSoThatTheRetryCanOpenIt() {
        provider.nextCreation(() -> {
            throw new RetryableTicketException("fake answered 503");
        });

        assertThatThrownBy(() -> service(false).ticket(decision, List.of()))
                .isInstanceOf(RetryableTicketException.class).hasMessage("fake answered 503");
        LedgerEntry interrupted = ledger.find(KEY).orElseThrow();
        assertThat(interrupted.state()).isEqualTo(LedgerState.PLANNED);
        assertThat(interrupted.artifacts()).containsEntry("leaseUntil", NOW.toString());

        TicketOutcome retried = service(false).ticket(decision, List.of());

        assertThat(retried.status()).isEqualTo(TicketOutcome.Status.CREATED);
        assertThat(provider.created).hasSize(1);
    }

    @Test
    void backsOffWhileAnotherDeliveryHoldsTheLease() {
        Instant leaseUntil = NOW.plusSeconds(30);
        ledger.put(new LedgerEntry(KEY, "t1", LedgerState.PLANNED, "opening a ticket", TestFindings.GUARDDUTY_PRODUCT,
                "193043430472", "HIGH", null, List.of(), Map.of("dedupLabel",
                TicketLabels.forFinding(TestFindings.GUARDDUTY_ID, 1), "leaseUntil", leaseUntil.toString()),
                NOW, NOW, null, 0));

        assertThatThrownBy(() -> service(false).ticket(decision, List.of()))
                .isInstanceOf(RetryableTicketException.class)
                .hasMessage("the ticket of finding " + TestFindings.GUARDDUTY_ID
                        + " is being opened by another delivery (lease until " + leaseUntil + ")");
        assertThat(provider.lookups).isZero();
        assertThat(provider.created).isEmpty();
        assertThat(ledger.find(KEY).orElseThrow().version()).isZero();
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
        assertThat(backlink.links).isEmpty();

        TicketOutcome next = service(false).ticket(decision, List.of());

        assertThat(next.status()).isEqualTo(TicketOutcome.Status.CREATED);
        assertThat(provider.created).hasSize(1);
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
        LedgerEntry entry = ledger.find(KEY).orElseThrow();
        assertThat(entry.artifacts()).containsEntry("ticketKey", "SEC-2").containsEntry("episode", "2")
                .containsEntry("previousTickets", "SEC-1");

        TicketOutcome again = service(true).ticket(decision, List.of());

        assertThat(again.status()).isEqualTo(TicketOutcome.Status.ALREADY_OPEN);
        assertThat(provider.created).hasSize(2);
    }

    @Test
    void keepsTheClosedTicketWhenReopeningIsOffOrTheFindingIsNotNew() {
        service(false).ticket(decision, List.of());
        provider.statuses.put("SEC-1", TicketStatus.CLOSED);
        Finding notified = TestFindings.withWorkflow(TestFindings.GUARDDUTY_ID, Severity.HIGH, "t", "d", "NOTIFIED");

        TicketOutcome reopeningOff = service(false).ticket(decision, List.of());
        TicketOutcome notNew = service(true).ticket(TestFindings.decision(notified, ResponseAction.TICKET), List.of());

        assertThat(List.of(reopeningOff.status(), notNew.status()))
                .containsOnly(TicketOutcome.Status.ALREADY_OPEN);
        assertThat(provider.created).hasSize(1);
    }

    @Test
    void recordsButOpensNothingInShadowMode() {
        Decision shadow = TestFindings.decision(TestFindings.sshBruteForce(),
                List.of(new PlannedAction(ResponseAction.TICKET, null, "policy", true)), List.of());

        TicketOutcome outcome = service(false).ticket(shadow, List.of());

        assertThat(outcome.status()).isEqualTo(TicketOutcome.Status.SHADOW);
        assertThat(ledger.find(KEY).orElseThrow().state()).isEqualTo(LedgerState.SHADOW);
        assertThat(provider.lookups).isZero();
        assertThat(provider.created).isEmpty();
    }

    @Test
    void opensNothingAndRecordsNothingWithTheNoneProvider() {
        TicketOutcome outcome = new TicketService(new NoTicketSystem(), ledger, backlink, new TicketComposer(),
                new TicketService.Settings(true, Duration.ofSeconds(45)), clock).ticket(decision, List.of());

        assertThat(outcome.status()).isEqualTo(TicketOutcome.Status.NOT_CONFIGURED);
        assertThat(ledger.find(KEY)).isEmpty();
    }

    @Test
    void retriesTheNoteOnALaterDeliveryWhenSecurityHubRefusedIt() {
        backlink.answer = new TicketBacklink.Result.NotLinked("FindingNotFound");
        service(false).ticket(decision, List.of());
        LedgerEntry unlinked = ledger.find(KEY).orElseThrow();
        assertThat(unlinked.reason()).isEqualTo("ticket SEC-1: opened; not noted on the finding: FindingNotFound");
        assertThat(unlinked.completedSteps()).containsExactly("created");

        backlink.answer = new TicketBacklink.Result.Linked();
        service(false).ticket(decision, List.of());

        assertThat(backlink.links).hasSize(2);
        assertThat(ledger.find(KEY).orElseThrow().completedSteps()).containsExactly("created", "linked");
        assertThat(provider.created).hasSize(1);
    }

    @Test
    void writesWhatContainmentDidAndWhichStageFailedIntoTheTicket() {
        ledger.put(new LedgerEntry(new ActionKey(TestFindings.GUARDDUTY_ID, ResponseAction.QUARANTINE_INSTANCE,
                "i-0c10c2c7863d1a356"), "q1", LedgerState.DONE, "quarantined 1 ENI", TestFindings.GUARDDUTY_PRODUCT,
                "193043430472", "HIGH", "{}", List.of("sg-swap"), Map.of(), NOW, NOW, null, 3));
        ledger.put(new LedgerEntry(new ActionKey(TestFindings.GUARDDUTY_ID, ResponseAction.BLOCK_ADDRESS,
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
