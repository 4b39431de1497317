package dev.hubresponder.functions.alert;

import static dev.hubresponder.fixtures.Findings.ATTACKER;
import static dev.hubresponder.fixtures.Findings.INSTANCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubresponder.action.ActionRunner;
import dev.hubresponder.action.RetryableActionException;
import dev.hubresponder.action.WorkResult;
import dev.hubresponder.aws.ledger.DynamoDbActionLedger;
import dev.hubresponder.aws.ledger.LedgerTable;
import dev.hubresponder.aws.sns.SnsAlertChannel;
import dev.hubresponder.config.ResponderConfig;
import dev.hubresponder.finding.Finding;
import dev.hubresponder.finding.Severity;
import dev.hubresponder.fixtures.Findings;
import dev.hubresponder.ledger.ActionKey;
import dev.hubresponder.ledger.LedgerEntry;
import dev.hubresponder.ledger.LedgerState;
import dev.hubresponder.metrics.ResponderMetrics;
import dev.hubresponder.policy.Decision;
import dev.hubresponder.policy.PlannedAction;
import dev.hubresponder.policy.Refusal;
import dev.hubresponder.policy.ResponseAction;
import dev.hubresponder.plan.ResponsePlanner;
import dev.hubresponder.testing.MotoLedger;
import dev.hubresponder.testing.RecordingMetrics;
import dev.hubresponder.testing.TopicQueue;
import dev.hubresponder.testing.TopicQueue.Delivered;
import dev.hubresponder.testkit.LambdaTestContext;
import dev.hubresponder.testkit.MotoServer;
import dev.hubresponder.testkit.StageEmulators;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * The alert function end to end on an emulated account: hand-over envelopes from {@code src/test/resources/events}
 * in, the DynamoDB ledger, SNS, and an SQS queue subscribed to the topic (raw delivery off) from which the
 * delivered notifications are read back.
 *
 * <p>Preconditions: {@code moto_server} installed (started by the test on a free 127.0.0.1 port; the test fails
 * naming the install command when it is missing). Decisions come from {@link StandInPlanner} until the policy is
 * implemented on main.
 */
class SendAlertHandlerTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T03:00:10Z"), ZoneOffset.UTC);
    private static final Map<String, String> ENV = Map.of("LEDGER_TABLE", MotoLedger.TABLE,
            "AWS_REGION", MotoServer.REGION);
    private static final String FINDING_ID = Findings.GUARDDUTY_ID;

    @RegisterExtension
    static final StageEmulators aws = new StageEmulators(LedgerTable::create);

    private DynamoDbActionLedger ledger;
    private TopicQueue topic;
    private StandInPlanner planner;
    private SendAlertHandler handler;

    @BeforeEach
    void freshAccount() {
        ledger = MotoLedger.fresh(aws.moto(), aws.dynamo(), CLOCK);
        topic = TopicQueue.create(aws.moto(), "hub-responder-alerts", UrlConnectionHttpClient.create());
        planner = new StandInPlanner();
        handler = new SendAlertHandler(AlertWiring.of(ENV, ledger, new SnsAlertChannel(topic.sns(),
                topic.topicArn()), planner, MAPPER, CLOCK));
    }

    @AfterEach
    void closeTopic() {
        topic.close();
    }

    @Test
    void criticalFindingProducesOneAlertThatSaysExactlyWhatWasDone() throws IOException {
        Decision decision = containAndTicket(Findings.sshBruteForce(Severity.CRITICAL));
        planner.decide(decision);
        stageDid(decision.finding(), ResponseAction.QUARANTINE_INSTANCE, INSTANCE, Map.of(), "quarantined " + INSTANCE);
        stageRefused(decision.finding(), ResponseAction.BLOCK_ADDRESS, "10.1.2.3",
                "private address 10.1.2.3/32 is never blocked");
        stageDid(decision.finding(), ResponseAction.TICKET, null,
                Map.of("ticketKey", "SEC-42", "ticketUrl", "https://example.atlassian.net/browse/SEC-42"), "SEC-42");

        JsonNode report = invoke(event("handover-from-ticket.json"));

        List<Delivered> delivered = topic.receive(Duration.ofSeconds(5));
        assertThat(delivered).hasSize(1);
        Delivered alert = delivered.get(0);
        assertThat(alert.subject()).isEqualTo("[CRITICAL] CONTAINED in 193043430472: " + ATTACKER
                + " is performing SSH brute force attacks…");
        assertThat(alert.attributes()).containsOnly(Map.entry("severity", "CRITICAL"),
                Map.entry("account", "193043430472"), Map.entry("action", "QUARANTINE_INSTANCE"),
                Map.entry("outcome", "CONTAINED"), Map.entry("findingType", Findings.SSH_BRUTE_FORCE));
        assertThat(alert.message())
                .startsWith("CRITICAL finding in account 193043430472, us-east-1\n")
                .contains("\nWhat the responder did:\n  - Contained: instance " + INSTANCE + " quarantined [ledger hr-")
                .contains("\n  - Refused: block of 10.1.2.3: private address 10.1.2.3/32 is never blocked")
                .contains("\nTicket: SEC-42 https://example.atlassian.net/browse/SEC-42\n")
                .contains("\nSecurity Hub: https://us-east-1.console.aws.amazon.com/securityhub/home?region=us-east-1"
                        + "#/findings?search=Id%3D%255Coperator%255C%253AEQUALS%255C%253Aarn%253Aaws%253Aguardduty")
                .doesNotContain("WARNING");
        assertThat(report.path("stage").asText()).isEqualTo("SendAlert");
        assertThat(report.path("findings").get(0).path("acted").asBoolean()).isTrue();
        LedgerEntry record = ledger.find(new ActionKey(FINDING_ID, ResponseAction.ALERT, "QuarantineInstance"))
                .orElseThrow();
        assertThat(record.state()).isEqualTo(LedgerState.DONE);
        assertThat(record.artifacts().get("messageId")).isEqualTo(alert.envelope().path("MessageId").asText());
    }

    @Test
    void sameHandOverDeliveredTwiceSendsOneAlert() throws IOException {
        planner.decide(containAndTicket(Findings.sshBruteForce(Severity.CRITICAL)));

        invoke(event("handover-from-ticket.json"));
        JsonNode second = invoke(event("handover-from-ticket.json"));

        assertThat(topic.receive(Duration.ofSeconds(5))).hasSize(1);
        assertThat(second.path("findings").get(0).path("summary").asText()).startsWith("DUPLICATE: ");
    }

    @Test
    void failedContainmentStageStillAlertsAndSaysSo() throws IOException {
        planner.decide(containAndTicket(Findings.sshBruteForce(Severity.CRITICAL)));
        Finding finding = Findings.sshBruteForce(Severity.CRITICAL);
        ActionRunner runner = runner();
        assertThatThrownBy(() -> runner.run(new ActionKey(FINDING_ID, ResponseAction.QUARANTINE_INSTANCE, INSTANCE),
                finding, "threat", progress -> {
                    progress.completeStep("termination-protection");
                    throw new RetryableActionException("ModifyNetworkInterfaceAttribute throttled");
                })).isInstanceOf(RetryableActionException.class);

        invoke(event("handover-after-failed-quarantine.json"));

        Delivered alert = topic.receive(Duration.ofSeconds(5)).get(0);
        assertThat(alert.attributes()).containsEntry("outcome", "FAILED").containsEntry("severity", "CRITICAL");
        assertThat(alert.subject()).startsWith("[CRITICAL] FAILED in 193043430472: ");
        assertThat(alert.message())
                .contains("  - Started, not finished: quarantine of instance " + INSTANCE
                        + ". Steps completed: termination-protection")
                .contains("WARNING: an earlier response stage failed after its retries")
                .contains("    - RetriesExhausted: ec2:ModifyNetworkInterfaceAttribute on eni-0a1b2c3d throttled"
                        + " after 3 attempts")
                .contains("Ticket: none recorded yet");
    }

    @Test
    void filterPoliciesFromTheReadmeSelectAlertsByAttribute() throws IOException {
        TopicQueue pager = topic.subscribeFiltered("pager",
                "{\"severity\":[\"CRITICAL\"],\"outcome\":[\"FAILED\"]}");
        TopicQueue threatsChanged = topic.subscribeFiltered("threats-changed",
                "{\"findingType\":[{\"prefix\":\"TTPs/\"}],\"outcome\":[{\"anything-but\":[\"FAILED\",\"SHADOW\"]}]}");
        TopicQueue digestsOnly = topic.subscribeFiltered("digests",
                "{\"action\":[\"DIGEST_DAILY\",\"DIGEST_WEEKLY\"]}");
        planner.decide(containAndTicket(Findings.sshBruteForce(Severity.CRITICAL)));
        stageDid(Findings.sshBruteForce(Severity.CRITICAL), ResponseAction.QUARANTINE_INSTANCE, INSTANCE, Map.of(),
                "quarantined");

        invoke(event("handover-from-ticket.json"));
        invoke(event("handover-after-failed-quarantine.json"));

        assertThat(topic.receive(Duration.ofSeconds(5))).extracting(d -> d.attributes().get("outcome"))
                .containsExactlyInAnyOrder("CONTAINED", "FAILED");
        assertThat(pager.receive(Duration.ofSeconds(5))).singleElement()
                .satisfies(d -> assertThat(d.subject()).startsWith("[CRITICAL] FAILED in 193043430472: "));
        assertThat(threatsChanged.receive(Duration.ofSeconds(5))).singleElement()
                .satisfies(d -> assertThat(d.attributes()).containsEntry("outcome", "CONTAINED"));
        assertThat(digestsOnly.receive(Duration.ofSeconds(1))).isEmpty();
    }

    @Test
    void hostileFindingTextBreaksNeitherTheSubjectNorTheSizeLimit() throws IOException {
        String hostile = "Pwned\r\nBcc: victim@example.com\u0000\u001b[2J\u202Etxt.exe\u200B<script>alert(1)</script>";
        String megabyte = (hostile + "\n").repeat(10) + "Ω≈ç√∫漢字😀".repeat(110_000);
        Finding evil = Findings.builder().title(hostile + " " + megabyte.substring(0, 5_000)).description(megabyte)
                .types(List.of("TTPs/" + hostile)).build();
        planner.decide(new Decision(evil, List.of(
                new PlannedAction(ResponseAction.QUARANTINE_INSTANCE, INSTANCE, hostile, false),
                new PlannedAction(ResponseAction.ALERT, null, "CRITICAL", false)), List.of(), hostile));
        assertThat(megabyte.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(1_000_000);

        invoke(event("handover-from-ticket.json"));

        Delivered alert = topic.receive(Duration.ofSeconds(5)).get(0);
        assertThat(alert.subject()).doesNotContain("\n", "\r", "\u0000", "\u001b", "\u202E", "\u200B")
                .startsWith("[CRITICAL] PENDING in 193043430472: Pwned Bcc: victim@example.com[2Jtxt.exe<script>");
        assertThat(alert.subject().length()).isLessThan(100);
        alert.subject().codePoints().forEach(cp -> assertThat(Character.isISOControl(cp)
                || Character.getType(cp) == Character.FORMAT).as("U+%04X", cp).isFalse());
        assertThat(alert.snsSize()).isLessThanOrEqualTo(262_144).isGreaterThan(250_000);
        assertThat(alert.attributes().get("findingType")).startsWith("TTPs/Pwned Bcc: victim@example.com")
                .doesNotContain("\n", "\u0000");
        assertThat(alert.message()).contains("What the responder did:")
                .contains("[message truncated: it was ");
    }

    @Test
    void directEventFromEventBridgeAlertsWhenTheDecisionSaysAlert() throws IOException {
        planner.decide(new Decision(Findings.sshBruteForce(Severity.HIGH),
                List.of(new PlannedAction(ResponseAction.ALERT, null, "HIGH: notify within the hour", false)),
                List.of(), "HIGH threat: alert and ticket, no containment"));

        JsonNode report = invoke(event("imported-critical-guardduty.json"));

        Delivered alert = topic.receive(Duration.ofSeconds(5)).get(0);
        assertThat(alert.attributes()).containsEntry("outcome", "NOTIFIED").containsEntry("action", "NONE")
                .containsEntry("severity", "HIGH");
        assertThat(alert.message()).contains("  - Nothing to contain: this alert only informs.");
        assertThat(ledger.find(new ActionKey(FINDING_ID, ResponseAction.ALERT, "direct"))).isPresent();
        assertThat(report.path("findings").get(0).path("acted").asBoolean()).isTrue();
    }

    @Test
    void findingThePreviousStageDidNotActOnGetsNoAlert() throws IOException {
        planner.decide(containAndTicket(Findings.sshBruteForce(Severity.CRITICAL)));
        JsonNode envelope = event("handover-from-ticket.json");
        ((com.fasterxml.jackson.databind.node.ObjectNode) envelope.path("responsePayload").path("findings").get(0))
                .put("acted", false);

        JsonNode report = invoke(envelope);

        assertThat(topic.receive(Duration.ofSeconds(2))).isEmpty();
        assertThat(report.path("findings").get(0).path("acted").asBoolean()).isFalse();
    }

    @Test
    void unreadableInputIsRefusedWithoutAnAlert() throws IOException {
        JsonNode report = invoke(new ByteArrayInputStream("{\"detail-type\":\"Scheduled Event\"}".getBytes()));
        JsonNode garbage = invoke(new ByteArrayInputStream("not json".getBytes()));

        JsonNode nothingDone = MAPPER.readTree("{\"stage\":\"SendAlert\",\"findings\":[]}");
        assertThat(report).isEqualTo(nothingDone);
        assertThat(garbage).isEqualTo(nothingDone);
        assertThat(topic.receive(Duration.ofSeconds(2))).isEmpty();
    }

    @Test
    void alertsForUntrustedProducersStopAtTheHourlyCapAndOneAlertSaysSo() throws IOException {
        Map<String, String> env = new HashMap<>(ENV);
        env.put("RESPONDER_MAX_UNTRUSTED_ALERTS_PER_HOUR", "2");
        RecordingMetrics metrics = new RecordingMetrics();
        SendAlertHandler capped = new SendAlertHandler(AlertWiring.of(env, ledger, new SnsAlertChannel(topic.sns(),
                topic.topicArn()), new ResponsePlanner(ResponderConfig.fromEnv(env), MAPPER)::plan, MAPPER, CLOCK,
                metrics));

        JsonNode flood = invoke(capped, forgedFindings(5, 1));
        JsonNode more = invoke(capped, forgedFindings(2, 6));
        JsonNode genuine = invoke(capped, MAPPER.readTree(Path.of("../../events/guardduty-ec2-tor-client-high.json")
                .toFile()));

        List<Delivered> delivered = topic.receive(Duration.ofSeconds(5));
        assertThat(delivered).hasSize(4);
        assertThat(delivered).filteredOn(d -> d.subject().startsWith("Untrusted-producer alert cap reached"))
                .singleElement().satisfies(summary -> {
                    assertThat(summary.attributes()).containsEntry("findingType", "hub-responder/UntrustedProducerCap")
                            .containsEntry("outcome", "REFUSED").containsEntry("severity", "CRITICAL");
                    assertThat(summary.message()).contains("limited to 2 in hour 2026-11-26T03Z",
                            "First finding held back: forged-3", "NOT A TRUSTED PRODUCER");
                });
        assertThat(List.of("forged-1", "forged-2")).allSatisfy(sent -> assertThat(ledger.find(
                new ActionKey(sent, ResponseAction.ALERT, "direct")).orElseThrow().state()).isEqualTo(LedgerState.DONE));
        assertThat(genuine.at("/findings/0/acted").asBoolean()).isTrue();
        for (int i = 3; i <= 7; i++) {
            LedgerEntry entry = ledger.find(new ActionKey("forged-" + i, ResponseAction.ALERT, "direct")).orElseThrow();
            assertThat(entry.state()).isEqualTo(LedgerState.REFUSED);
            assertThat(entry.reason()).startsWith("untrusted-producer cap reached: alerts for findings of untrusted "
                    + "producers are limited to 2 in hour 2026-11-26T03Z (RESPONDER_MAX_UNTRUSTED_ALERTS_PER_HOUR)");
        }
        assertThat(flood.findValuesAsText("summary")).filteredOn(s -> s.startsWith("HELD_BACK: ")).hasSize(3);
        assertThat(more.findValuesAsText("summary")).allSatisfy(s -> assertThat(s).startsWith("HELD_BACK: "));
        assertThat(metrics.lines).filteredOn(l -> l.startsWith("UntrustedNotificationHeldBack"))
                .containsExactly("UntrustedNotificationHeldBack ALERT first", "UntrustedNotificationHeldBack ALERT",
                        "UntrustedNotificationHeldBack ALERT", "UntrustedNotificationHeldBack ALERT",
                        "UntrustedNotificationHeldBack ALERT");
    }

    /** The forged CRITICAL finding of {@code events/} (the account's own product), n times from id forged-first. */
    private static JsonNode forgedFindings(int n, int first) throws IOException {
        ObjectNode event = (ObjectNode) MAPPER.readTree(Path.of("../../events/forged-default-product-critical.json")
                .toFile());
        JsonNode forged = event.at("/detail/findings/0");
        ArrayNode findings = ((ObjectNode) event.path("detail")).putArray("findings");
        for (int i = first; i < first + n; i++) {
            findings.add(((ObjectNode) forged.deepCopy()).put("Id", "forged-" + i));
        }
        return event;
    }

    private static Decision containAndTicket(Finding finding) {
        return new Decision(finding, List.of(
                new PlannedAction(ResponseAction.QUARANTINE_INSTANCE, INSTANCE, "trusted threat, resource is ACTOR",
                        false),
                new PlannedAction(ResponseAction.TICKET, null, "CRITICAL", false),
                new PlannedAction(ResponseAction.ALERT, null, "CRITICAL", false)),
                List.of(new Refusal(ResponseAction.BLOCK_ADDRESS, "10.1.2.3", "private address")),
                "CRITICAL threat from aws/guardduty: contain, ticket, alert");
    }

    /** Records an action as the stage before would have, through the same runner. */
    private void stageDid(Finding finding, ResponseAction action, String target, Map<String, String> artifacts,
                          String reason) {
        runner().run(new ActionKey(finding.id(), action, target), finding, reason, progress -> {
            artifacts.forEach(progress::addArtifact);
            return WorkResult.done(reason);
        });
    }

    private void stageRefused(Finding finding, ResponseAction action, String target, String reason) {
        runner().refuse(new ActionKey(finding.id(), action, target), finding, reason);
    }

    private ActionRunner runner() {
        return new ActionRunner(ledger, ResponderConfig.defaults(), ResponderMetrics.NONE, Duration.ofMinutes(5),
                CLOCK);
    }

    private JsonNode invoke(JsonNode input) throws IOException {
        return invoke(new ByteArrayInputStream(MAPPER.writeValueAsBytes(input)));
    }

    private JsonNode invoke(InputStream input) throws IOException {
        return invoke(handler, input);
    }

    private static JsonNode invoke(SendAlertHandler handler, JsonNode input) throws IOException {
        return invoke(handler, new ByteArrayInputStream(MAPPER.writeValueAsBytes(input)));
    }

    private static JsonNode invoke(SendAlertHandler handler, InputStream input) throws IOException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handleRequest(input, output, new LambdaTestContext("hub-responder-SendAlert"));
        return MAPPER.readTree(output.toByteArray());
    }

    private static JsonNode event(String name) throws IOException {
        try (InputStream in = SendAlertHandlerTest.class.getResourceAsStream("/events/" + name)) {
            return MAPPER.readTree(in);
        }
    }
}
