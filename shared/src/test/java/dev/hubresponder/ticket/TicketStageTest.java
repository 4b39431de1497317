package dev.hubresponder.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubresponder.finding.EventKind;
import dev.hubresponder.finding.Severity;
import dev.hubresponder.finding.SecurityHubEvent;
import dev.hubresponder.handoff.Handoff;
import dev.hubresponder.handoff.StageReport;
import dev.hubresponder.handoff.StageReport.FindingReport;
import dev.hubresponder.ledger.InMemoryActionLedger;
import dev.hubresponder.plan.Plan;
import dev.hubresponder.policy.Decision;
import dev.hubresponder.policy.ResponseAction;
import dev.hubresponder.action.ActionRunner;
import dev.hubresponder.audit.AuditTrail;
import dev.hubresponder.audit.WorkflowMark;
import dev.hubresponder.config.ResponderConfig;
import dev.hubresponder.metrics.ResponderMetrics;
import dev.hubresponder.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which findings the ticket stage acts on, and what it tells the alert stage. */
class TicketStageTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNode EVENT = MAPPER.createObjectNode().put("detail-type",
            "Security Hub Findings - Imported");

    private final FakeTicketSystem provider = new FakeTicketSystem();
    private final RecordingNotes notes = new RecordingNotes();
    private final TicketStage stage = stage(provider);

    private TicketStage stage(TicketSystem tickets) {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-26T10:00:00Z"));
        InMemoryActionLedger ledger = new InMemoryActionLedger();
        Duration lease = Duration.ofSeconds(45);
        return new TicketStage(new TicketService(tickets, ledger, new ActionRunner(ledger, ResponderConfig.defaults(),
                ResponderMetrics.NONE, lease, clock), new TicketComposer(new dev.hubresponder.policy.TrustPolicy(dev.hubresponder.config.ResponderConfig.defaults())), false, clock),
                new AuditTrail(notes, ledger, ResponderMetrics.NONE, lease, clock));
    }

    private static Decision decision(String id, ResponseAction... actions) {
        return TestFindings.decision(TestFindings.finding(id, Severity.HIGH, "title " + id, ""), actions);
    }

    private static Plan plan(Decision... decisions) {
        return new Plan(new SecurityHubEvent(EventKind.IMPORTED, "evt-1", "193043430472", "us-east-1", null,
                java.util.Arrays.stream(decisions).map(Decision::finding).toList(), List.of()),
                List.of(decisions), List.of());
    }

    private static JsonNode handedOver(String condition, JsonNode response) {
        var envelope = MAPPER.createObjectNode();
        envelope.putObject("requestContext").put("condition", condition);
        envelope.set("requestPayload", EVENT);
        envelope.set("responsePayload", response);
        return envelope;
    }

    @Test
    void leavesAFindingWithContainmentToTheContainmentStageWhenDeliveredDirectly() {
        TicketStage.Result result = stage.run(plan(decision("f-1", ResponseAction.QUARANTINE_INSTANCE,
                ResponseAction.TICKET, ResponseAction.ALERT)), Handoff.unwrap(EVENT));

        assertThat(result.report()).isEqualTo(new StageReport("CreateTicket", List.of(
                new FindingReport("f-1", false, "left to the containment stage, which hands it over"))));
        assertThat(provider.created).isEmpty();
    }

    @Test
    void ticketsAFindingWithoutContainmentWhenDeliveredDirectlyAndLetsTheAlertFollow() {
        TicketStage.Result result = stage.run(plan(decision("f-1", ResponseAction.TICKET, ResponseAction.ALERT),
                decision("f-2", ResponseAction.TICKET)), Handoff.unwrap(EVENT));

        assertThat(result.report().findings()).containsExactly(
                new FindingReport("f-1", true, "ticket SEC-1 created"),
                new FindingReport("f-2", false, "ticket SEC-2 created"));
        assertThat(result.outcomes()).extracting(TicketOutcome::status)
                .containsExactly(TicketOutcome.Status.CREATED, TicketOutcome.Status.CREATED);
        assertThat(result.retryable()).isEmpty();
    }

    @Test
    void notesTheTicketOnTheFindingOnce() {
        stage.run(plan(decision("f-1", ResponseAction.TICKET, ResponseAction.ALERT)), Handoff.unwrap(EVENT));
        TicketStage.Result again = stage.run(plan(decision("f-1", ResponseAction.TICKET, ResponseAction.ALERT)),
                Handoff.unwrap(EVENT));

        assertThat(again.report().findings()).containsExactly(new FindingReport("f-1", true,
                "ticket SEC-1 already open"));
        assertThat(notes.written).singleElement().satisfies(note -> {
            assertThat(note.finding().id()).isEqualTo("f-1");
            assertThat(note.text()).startsWith("hub-responder DONE TICKET: ticket SEC-1 opened: "
                    + "https://tickets.example/SEC-1 [ledger hr-");
            assertThat(note.text()).endsWith(", ticket SEC-1]");
            assertThat(note.fields()).containsEntry("hub-responder.ticket", "SEC-1");
            assertThat(note.workflow()).isEqualTo(WorkflowMark.NOTIFIED);
        });
    }

    @Test
    void actsOnlyOnTheFindingsTheContainmentStageActedOn() throws Exception {
        JsonNode containment = MAPPER.valueToTree(new StageReport("QuarantineInstance", List.of(
                new FindingReport("f-1", true, "quarantined i-1"),
                new FindingReport("f-2", false, "nothing to quarantine"))));

        TicketStage.Result result = stage.run(plan(
                        decision("f-1", ResponseAction.QUARANTINE_INSTANCE, ResponseAction.TICKET, ResponseAction.ALERT),
                        decision("f-2", ResponseAction.TICKET, ResponseAction.ALERT)),
                Handoff.unwrap(handedOver("Success", containment)));

        assertThat(result.report().findings()).containsExactly(
                new FindingReport("f-1", true, "ticket SEC-1 created"),
                new FindingReport("f-2", false, "the previous stage did not act on it"));
        assertThat(provider.created).hasSize(1);
    }

    @Test
    void ticketsEveryFindingWhenTheContainmentStageFailedAndSaysSo() {
        JsonNode error = MAPPER.createObjectNode().put("errorMessage", "StopTask: AccessDenied");

        TicketStage.Result result = stage.run(plan(decision("f-1", ResponseAction.STOP_TASK, ResponseAction.TICKET,
                ResponseAction.ALERT)), Handoff.unwrap(handedOver("RetriesExhausted", error)));

        assertThat(result.report().findings()).containsExactly(new FindingReport("f-1", true, "ticket SEC-1 created"));
        assertThat(provider.created.get(0).done()).containsExactly(
                "A response stage failed after its retries: RetriesExhausted: StopTask: AccessDenied");
    }

    @Test
    void passesAFindingWithAnAlertButNoTicketThrough() {
        TicketStage.Result result = stage.run(plan(decision("f-1", ResponseAction.ALERT),
                decision("f-2", ResponseAction.DIGEST_DAILY)), Handoff.unwrap(EVENT));

        assertThat(result.report().findings()).containsExactly(
                new FindingReport("f-1", true, "no ticket asked"),
                new FindingReport("f-2", false, "no ticket asked"));
        assertThat(provider.created).isEmpty();
    }

    @Test
    void passesFindingsThroughWithTheNoneProvider() {
        TicketStage none = stage(new NoTicketSystem());

        TicketStage.Result result = none.run(plan(decision("f-1", ResponseAction.TICKET, ResponseAction.ALERT)),
                Handoff.unwrap(EVENT));

        assertThat(result.report().findings()).containsExactly(
                new FindingReport("f-1", true, "no ticket: provider none"));
    }

    @Test
    void aRetryableFailureForOneFindingDoesNotStopTheOthers() {
        provider.nextCreation(() -> {
            throw new RetryableTicketException("fake answered 503");
        });

        TicketStage.Result result = stage.run(plan(decision("f-1", ResponseAction.TICKET, ResponseAction.ALERT),
                decision("f-2", ResponseAction.TICKET, ResponseAction.ALERT)), Handoff.unwrap(EVENT));

        assertThat(result.report().findings()).containsExactly(
                new FindingReport("f-1", true, "ticket to be retried: fake answered 503"),
                new FindingReport("f-2", true, "ticket SEC-1 created"));
        assertThat(result.retryable()).singleElement().extracting(Throwable::getMessage)
                .isEqualTo("fake answered 503");
    }
}
