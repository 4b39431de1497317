package dev.hubresponder.alert;

import static dev.hubresponder.fixtures.Findings.INSTANCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubresponder.action.ActionRunner;
import dev.hubresponder.action.RetryableActionException;
import dev.hubresponder.config.ResponderConfig;
import dev.hubresponder.finding.MalformedEventException;
import dev.hubresponder.finding.Severity;
import dev.hubresponder.fixtures.Findings;
import dev.hubresponder.handoff.Handoff;
import dev.hubresponder.ledger.ActionKey;
import dev.hubresponder.ledger.InMemoryActionLedger;
import dev.hubresponder.metrics.ResponderMetrics;
import dev.hubresponder.ledger.LedgerEntry;
import dev.hubresponder.ledger.LedgerState;
import dev.hubresponder.policy.Decision;
import dev.hubresponder.policy.PlannedAction;
import dev.hubresponder.policy.ResponseAction;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SendAlertTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T03:00:00Z"), ZoneOffset.UTC);

    private final InMemoryActionLedger ledger = new InMemoryActionLedger();
    private final RecordingChannel channel = new RecordingChannel();
    private final SendAlert alerts = alerts(ResponderConfig.defaults());

    private final Decision critical = new Decision(Findings.sshBruteForce(Severity.CRITICAL), List.of(
            new PlannedAction(ResponseAction.QUARANTINE_INSTANCE, INSTANCE, "threat", false),
            new PlannedAction(ResponseAction.ALERT, null, "CRITICAL", false)), List.of(), "contain");
    private final AlertContext fromTicket = new AlertContext("CreateTicket", List.of());

    @Test
    void sendsOnceAndRecordsTheMessageId() {
        AlertResult result = alerts.send(critical, fromTicket);

        assertThat(result.status()).isEqualTo(AlertResult.Status.SENT);
        assertThat(channel.published).hasSize(1);
        LedgerEntry record = ledger.find(new ActionKey(critical.finding().id(), ResponseAction.ALERT, "CreateTicket"))
                .orElseThrow();
        assertThat(record.state()).isEqualTo(LedgerState.DONE);
        assertThat(record.artifacts()).containsEntry(SendAlert.MESSAGE_ID, "msg-1");
    }

    @Test
    void secondDeliveryOfTheSameHandOverIsSuppressed() {
        alerts.send(critical, fromTicket);

        AlertResult again = alerts.send(critical, fromTicket);

        assertThat(again.status()).isEqualTo(AlertResult.Status.DUPLICATE);
        assertThat(channel.published).hasSize(1);
    }

    @Test
    void retryableFailureReleasesTheClaimSoTheRetrySends() {
        channel.answering(m -> {
            throw new AlertChannelUnavailableException("SNS throttled", null);
        });
        assertThatThrownBy(() -> alerts.send(critical, fromTicket))
                .isInstanceOf(RetryableActionException.class).hasMessageContaining("SNS throttled");
        assertThat(ledger.findByFinding(critical.finding().id())).singleElement().satisfies(r -> {
            assertThat(r.state()).isEqualTo(LedgerState.PLANNED);
            assertThat(r.leaseUntil()).isNull();
        });

        channel.answering(m -> new AlertChannel.Delivery.Sent("after-retry"));
        AlertResult retry = alerts.send(critical, fromTicket);

        assertThat(retry.status()).isEqualTo(AlertResult.Status.SENT);
        assertThat(channel.published).hasSize(2);
    }

    @Test
    void rejectedAlertIsRecordedFailedAndNotRetried() {
        channel.answering(m -> new AlertChannel.Delivery.Rejected("SNS refused: NotFound: topic does not exist"));

        AlertResult result = alerts.send(critical, fromTicket);
        AlertResult again = alerts.send(critical, fromTicket);

        assertThat(result.status()).isEqualTo(AlertResult.Status.REJECTED);
        assertThat(result.detail()).contains("topic does not exist");
        assertThat(again.status()).isEqualTo(AlertResult.Status.DUPLICATE);
        assertThat(channel.published).hasSize(1);
    }

    @Test
    void alertInShadowModeIsRecordedButNotPublished() {
        SendAlert shadowAlerts = alerts(ResponderConfig.fromEnv(Map.of("RESPONDER_SHADOW_ACTIONS", "ALERT")));

        AlertResult result = shadowAlerts.send(critical, AlertContext.direct());

        assertThat(result.status()).isEqualTo(AlertResult.Status.SHADOW);
        assertThat(channel.published).isEmpty();
    }

    @Test
    void deliveryWhileAnotherHoldsTheClaimIsRetriedLater() {
        ActionKey key = new ActionKey(critical.finding().id(), ResponseAction.ALERT, "CreateTicket");
        ledger.put(new LedgerEntry(key, key.ledgerId(), LedgerState.PLANNED, "alert", Findings.PRODUCT_ARN,
                Findings.ACCOUNT, "CRITICAL", null, List.of(), Map.of(), CLOCK.instant(), CLOCK.instant(), null, 1,
                CLOCK.instant().plusSeconds(60)));

        assertThatThrownBy(() -> alerts.send(critical, fromTicket)).isInstanceOf(RetryableActionException.class)
                .hasMessageContaining("in progress");
        assertThat(channel.published).isEmpty();
    }

    @Test
    void alertReportsWhatTheLedgerSaysTheContainmentStageDid() {
        ledger.put(Findings.record(critical.finding().id(), ResponseAction.QUARANTINE_INSTANCE, INSTANCE,
                LedgerState.REFUSED, "tag hub-responder:protected=true on " + INSTANCE, Map.of(), CLOCK.instant()));

        alerts.send(critical, fromTicket);

        assertThat(channel.published.get(0).body())
                .contains("Refused: quarantine of instance " + INSTANCE + ": tag hub-responder:protected=true");
        assertThat(channel.published.get(0).attributes()).containsEntry("outcome", "REFUSED");
    }

    private SendAlert alerts(ResponderConfig config) {
        ActionRunner runner = new ActionRunner(ledger, config, ResponderMetrics.NONE, Duration.ofMinutes(5), CLOCK);
        return new SendAlert(runner, ledger, channel,
                new dev.hubresponder.policy.TrustPolicy(dev.hubresponder.config.ResponderConfig.defaults()), MAPPER);
    }

    @Test
    void handedOverFindingsAreThoseThePreviousStageActedOn() throws Exception {
        Decision other = new Decision(Findings.builder().id("other-finding").build(), critical.actions(), List.of(),
                "contain");
        Handoff handoff = Handoff.unwrap(MAPPER.readTree("""
                {"requestContext":{"condition":"Success"},"requestPayload":{"detail-type":"x"},
                 "responsePayload":{"stage":"CreateTicket","findings":[
                   {"id":"%s","acted":true,"summary":"SEC-1"},{"id":"other-finding","acted":false,"summary":"-"}]}}
                """.formatted(critical.finding().id())));

        SendAlert.Selection selection = alerts.select(handoff, List.of(critical, other));

        assertThat(selection.context().sourceStage()).isEqualTo("CreateTicket");
        assertThat(selection.alert()).containsExactly(critical);
        assertThat(selection.skipped()).containsExactly(other);
    }

    @Test
    void eachContainmentChainGetsItsOwnAlertThroughTheSameTicketStage() throws Exception {
        String id = critical.finding().id();
        String template = """
                {"requestContext":{"condition":"Success"},
                 "requestPayload":{"requestContext":{"condition":"Success"},"requestPayload":{"detail-type":"x"},
                   "responsePayload":{"stage":"%s","findings":[{"id":"%s","acted":true,"summary":"-"}]}},
                 "responsePayload":{"stage":"CreateTicket","findings":[{"id":"%s","acted":true,"summary":"SEC-1"}]}}
                """;
        SendAlert.Selection fromQuarantine = alerts.select(Handoff.unwrap(MAPPER.readTree(
                template.formatted("QuarantineInstance", id, id))), List.of(critical));
        SendAlert.Selection fromBlock = alerts.select(Handoff.unwrap(MAPPER.readTree(
                template.formatted("BlockAddresses", id, id))), List.of(critical));

        alerts.send(critical, fromQuarantine.context());
        alerts.send(critical, fromBlock.context());
        alerts.send(critical, fromBlock.context());

        assertThat(fromQuarantine.context().sourceStage()).isEqualTo("QuarantineInstance");
        assertThat(fromBlock.context().sourceStage()).isEqualTo("BlockAddresses");
        assertThat(channel.published).hasSize(2);
    }

    @Test
    void earlierFailureAlertsOnEveryDecidedFinding() throws Exception {
        Decision digestOnly = new Decision(Findings.builder().id("medium").severity(Severity.MEDIUM).build(),
                List.of(new PlannedAction(ResponseAction.DIGEST_DAILY, null, "MEDIUM", false)), List.of(), "digest");
        Handoff handoff = Handoff.unwrap(MAPPER.readTree("""
                {"requestContext":{"condition":"RetriesExhausted"},"requestPayload":{"detail-type":"x"},
                 "responsePayload":{"errorMessage":"Task timed out after 30.00 seconds"}}
                """));

        SendAlert.Selection selection = alerts.select(handoff, List.of(critical, digestOnly));

        assertThat(selection.context().sourceStage()).isEqualTo(AlertContext.FAILED_HANDOVER);
        assertThat(selection.context().failedStages()).containsExactly(
                "RetriesExhausted: Task timed out after 30.00 seconds");
        assertThat(selection.alert()).containsExactly(critical);
    }

    @Test
    void directEventAlertsOnlyWhereTheDecisionSaysAlert() throws Exception {
        Decision ticketOnly = new Decision(Findings.builder().id("high").severity(Severity.HIGH).build(),
                List.of(new PlannedAction(ResponseAction.TICKET, null, "HIGH", false)), List.of(), "ticket");
        ObjectNode event = MAPPER.createObjectNode().put("detail-type", "Security Hub Findings - Imported");

        SendAlert.Selection selection = alerts.select(Handoff.unwrap(event), List.of(critical, ticketOnly));

        assertThat(selection.context()).isEqualTo(AlertContext.direct());
        assertThat(selection.alert()).containsExactly(critical);
    }

    @Test
    void unreadableReportOfThePreviousStageIsRejected() throws Exception {
        Handoff handoff = Handoff.unwrap(MAPPER.readTree("""
                {"requestContext":{"condition":"Success"},"requestPayload":{},"responsePayload":{"findings":"nope"}}
                """));

        assertThatThrownBy(() -> alerts.select(handoff, List.of(critical)))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("previous stage report");
    }
}
