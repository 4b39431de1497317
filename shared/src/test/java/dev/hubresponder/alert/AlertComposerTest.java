package dev.hubresponder.alert;

import static dev.hubresponder.fixtures.Findings.ACCOUNT;
import static dev.hubresponder.fixtures.Findings.ATTACKER;
import static dev.hubresponder.fixtures.Findings.GUARDDUTY_ID;
import static dev.hubresponder.fixtures.Findings.INSTANCE;
import static dev.hubresponder.fixtures.Findings.record;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hubresponder.finding.Finding;
import dev.hubresponder.finding.Severity;
import dev.hubresponder.fixtures.Findings;
import dev.hubresponder.ledger.LedgerEntry;
import dev.hubresponder.ledger.LedgerState;
import dev.hubresponder.policy.Decision;
import dev.hubresponder.policy.PlannedAction;
import dev.hubresponder.policy.Refusal;
import dev.hubresponder.policy.ResponseAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class AlertComposerTest {
    private static final Instant T = Instant.parse("2026-11-26T03:00:00Z");
    private static final String TASK = "arn:aws:ecs:us-east-1:193043430472:task/prod/0123456789abcdef";

    private final AlertComposer composer = new AlertComposer(new dev.hubresponder.policy.TrustPolicy(
            dev.hubresponder.config.ResponderConfig.defaults()));
    private final Finding finding = Findings.sshBruteForce(Severity.CRITICAL);

    @Test
    void saysWhatWasContainedBlockedRefusedAndTicketed() {
        Decision decision = new Decision(finding, List.of(
                new PlannedAction(ResponseAction.QUARANTINE_INSTANCE, INSTANCE, "trusted threat finding", false),
                new PlannedAction(ResponseAction.BLOCK_ADDRESS, ATTACKER + "/32", "public attacker", false),
                new PlannedAction(ResponseAction.TICKET, null, "CRITICAL", false),
                new PlannedAction(ResponseAction.ALERT, null, "CRITICAL", false)),
                List.of(new Refusal(ResponseAction.BLOCK_ADDRESS, "10.0.0.5", "private address 10.0.0.5/32")),
                "CRITICAL threat from a trusted product: contain, ticket, alert");
        List<LedgerEntry> records = List.of(
                record(GUARDDUTY_ID, ResponseAction.QUARANTINE_INSTANCE, INSTANCE, LedgerState.DONE, "done",
                        Map.of(), T),
                record(GUARDDUTY_ID, ResponseAction.BLOCK_ADDRESS, ATTACKER + "/32", LedgerState.DONE, "done",
                        Map.of(), T),
                record(GUARDDUTY_ID, ResponseAction.TICKET, null, LedgerState.DONE, "created",
                        Map.of("ticketKey", "SEC-42", "ticketUrl", "https://example.atlassian.net/browse/SEC-42"), T));

        AlertMessage message = composer.compose(decision, records, new AlertContext("CreateTicket", List.of()));

        assertThat(message.subject()).startsWith("[CRITICAL] CONTAINED in " + ACCOUNT + ": " + ATTACKER);
        assertThat(message.attributes()).containsExactly(
                Map.entry("severity", "CRITICAL"), Map.entry("account", ACCOUNT),
                Map.entry("action", "QUARANTINE_INSTANCE"), Map.entry("outcome", "CONTAINED"),
                Map.entry("findingType", Findings.SSH_BRUTE_FORCE));
        assertThat(message.body())
                .contains("Outcome: CONTAINED")
                .contains("  - Contained: instance " + INSTANCE + " quarantined [ledger ")
                .contains("  - Blocked: " + ATTACKER + "/32 in the WAF IP sets")
                .contains("  - Refused: block of 10.0.0.5: private address 10.0.0.5/32")
                .contains("Ticket: SEC-42 https://example.atlassian.net/browse/SEC-42")
                .contains("Security Hub: https://us-east-1.console.aws.amazon.com/securityhub/home?region=us-east-1"
                        + "#/findings?search=Id%3D%255Coperator%255C%253AEQUALS%255C%253Aarn%253Aaws%253Aguardduty")
                .contains("Decision: CRITICAL threat from a trusted product: contain, ticket, alert")
                .contains("    - AwsEc2Instance arn:aws:ec2:us-east-1:" + ACCOUNT + ":instance/" + INSTANCE)
                .contains("    - " + ATTACKER + " (INBOUND)")
                .doesNotContain("WARNING");
        assertThat(message.body().indexOf("What the responder did"))
                .isLessThan(message.body().indexOf("Description"));
    }

    @Test
    void failureComesFirstAndSetsTheOutcomeAndAction() {
        Decision decision = new Decision(finding, List.of(
                new PlannedAction(ResponseAction.QUARANTINE_INSTANCE, INSTANCE, "threat", false),
                new PlannedAction(ResponseAction.STOP_TASK, TASK, "threat", false)), List.of(), "contain");
        LedgerEntry failed = new LedgerEntry(new dev.hubresponder.ledger.ActionKey(GUARDDUTY_ID,
                ResponseAction.STOP_TASK, TASK), "abc123", LedgerState.FAILED, "AccessDenied on ecs:StopTask",
                Findings.PRODUCT_ARN, ACCOUNT, "CRITICAL", "{}", List.of("captured-tags"), Map.of(), T, T, null, 3);
        List<LedgerEntry> records = List.of(
                record(GUARDDUTY_ID, ResponseAction.QUARANTINE_INSTANCE, INSTANCE, LedgerState.DONE, "done",
                        Map.of(), T), failed);

        AlertMessage message = composer.compose(decision, records, new AlertContext("StopTask", List.of()));

        assertThat(message.attributes()).containsEntry("outcome", "FAILED").containsEntry("action", "STOP_TASK");
        assertThat(message.subject()).startsWith("[CRITICAL] FAILED in ");
        assertThat(message.body()).contains("  - FAILED: stop of ECS task " + TASK
                + ": AccessDenied on ecs:StopTask. Steps completed: captured-tags [ledger abc123]");
        assertThat(message.body().indexOf("FAILED: stop"))
                .isLessThan(message.body().indexOf("Contained: instance"));
        assertThat(message.body()).contains("Ticket: none for this finding");
    }

    @Test
    void earlierStageFailureIsSaidEvenWithNoRecord() {
        Decision decision = new Decision(finding, List.of(
                new PlannedAction(ResponseAction.QUARANTINE_INSTANCE, INSTANCE, "threat", false),
                new PlannedAction(ResponseAction.TICKET, null, "CRITICAL", false)), List.of(), "contain");

        AlertMessage message = composer.compose(decision, List.of(),
                new AlertContext(AlertContext.FAILED_HANDOVER, List.of("RetriesExhausted: Task timed out\nafter 30s")));

        assertThat(message.attributes()).containsEntry("outcome", "FAILED")
                .containsEntry("action", "QUARANTINE_INSTANCE");
        assertThat(message.body())
                .contains("  - Decided, no record that it started: quarantine of instance " + INSTANCE + ": threat")
                .contains("WARNING: an earlier response stage failed after its retries")
                .contains("    - RetriesExhausted: Task timed out after 30s")
                .contains("Ticket: none recorded yet");
    }

    @Test
    void shadowModeSaysNothingWasChanged() {
        Decision decision = new Decision(finding, List.of(
                new PlannedAction(ResponseAction.QUARANTINE_INSTANCE, INSTANCE, "threat", true)), List.of(), "shadow");
        List<LedgerEntry> records = List.of(record(GUARDDUTY_ID, ResponseAction.QUARANTINE_INSTANCE, INSTANCE,
                LedgerState.SHADOW, "shadow mode on", Map.of(), T));

        AlertMessage message = composer.compose(decision, records, AlertContext.direct());

        assertThat(message.attributes()).containsEntry("outcome", "SHADOW");
        assertThat(message.body()).contains("  - Shadow mode, nothing changed: would have quarantined instance "
                + INSTANCE + ": shadow mode on");
    }

    @Test
    void alertWithoutContainmentOnlyInforms() {
        Decision decision = new Decision(Findings.sshBruteForce(Severity.HIGH),
                List.of(new PlannedAction(ResponseAction.ALERT, null, "HIGH", false)), List.of(), "alert only");

        AlertMessage message = composer.compose(decision, List.of(), AlertContext.direct());

        assertThat(message.attributes()).containsEntry("outcome", "NOTIFIED").containsEntry("action", "NONE")
                .containsEntry("severity", "HIGH");
        assertThat(message.body()).contains("  - Nothing to contain: this alert only informs.");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.hubresponder.alert.HostileText#samples")
    void hostileFindingTextBreaksNeitherSubjectNorAttributesNorSize(String name, String hostile) {
        Finding evil = Findings.builder().title(hostile).description(hostile + "\n" + HostileText.MEGABYTE)
                .types(List.of(hostile)).account(hostile.length() > 50 ? ACCOUNT : hostile)
                .resources(List.of(new dev.hubresponder.finding.Resource(hostile, hostile, hostile, Map.of(), null,
                        null))).build();
        Decision decision = new Decision(evil, List.of(
                new PlannedAction(ResponseAction.BLOCK_ADDRESS, hostile, hostile, false)),
                List.of(new Refusal(ResponseAction.QUARANTINE_INSTANCE, hostile, hostile)), hostile);
        List<LedgerEntry> records = List.of(record(evil.id(), ResponseAction.TICKET, null, LedgerState.DONE, hostile,
                Map.of("ticketKey", hostile, "ticketUrl", hostile), T));

        AlertMessage message = composer.compose(decision, records, new AlertContext(hostile, List.of(hostile)));

        AlertMessageTest.assertPrintableLine(message.subject());
        assertThat(message.subject().length()).isLessThan(100);
        message.attributes().values().forEach(AlertMessageTest::assertPrintableLine);
        assertThat(message.sizeInBytes()).isLessThanOrEqualTo(AlertMessage.MAX_MESSAGE_BYTES);
        assertThat(message.body().getBytes(StandardCharsets.UTF_8).length)
                .isLessThan(AlertMessage.MAX_MESSAGE_BYTES);
        assertThat(message.body()).contains("What the responder did:")
                .contains("[message truncated: it was ")
                .endsWith("The full finding is in Security Hub: " + dev.hubresponder.finding.ConsoleLink.forFinding(evil)
                        + "]");
        message.body().codePoints().forEach(cp -> assertThat(PrintableText.isPrintable(cp) || cp == '\n')
                .as("U+%04X in body", cp).isTrue());
    }

    @Test
    void namesTheProducerFromTheProductArnAndSaysWhenItIsNotTrusted() {
        Finding forged = Findings.builder()
                .productArn("arn:aws:securityhub:us-east-1:" + ACCOUNT + ":product/" + ACCOUNT + "/default").build();

        String genuine = composer.compose(new Decision(finding, List.of(), List.of(), "alert"), List.of(),
                new AlertContext("CreateTicket", List.of())).body();
        String imitation = composer.compose(new Decision(forged, List.of(), List.of(), "alert"), List.of(),
                new AlertContext("CreateTicket", List.of())).body();

        assertThat(genuine).contains("\n  Product: aws/guardduty (GuardDuty, Amazon)\n");
        assertThat(imitation).contains("\n  Product: " + ACCOUNT + "/default — NOT A TRUSTED PRODUCER, whatever it"
                + " calls itself (GuardDuty, Amazon): imported under the account's own product ARN")
                .doesNotContain("Product: GuardDuty");
    }

    @ParameterizedTest(name = "Region {0}")
    @ValueSource(strings = {"evil.example/#", "evil.example?x=", "us-east-1.evil.example/#",
            "us-east-1\nClick here to release: https://evil.example", "eu-west-1\r\n\r\nForged line"})
    void aHostileRegionNeitherRedirectsTheConsoleLinkNorWritesLines(String region) {
        Finding hostile = Findings.builder().region(region).build();
        Decision decision = new Decision(hostile, List.of(new PlannedAction(ResponseAction.ALERT, null, "CRITICAL",
                false)), List.of(), "alert");

        AlertMessage message = composer.compose(decision, List.of(), new AlertContext("CreateTicket", List.of()));

        List<String> links = message.body().lines().filter(line -> line.startsWith("Security Hub: ")).toList();
        assertThat(links).singleElement().satisfies(line -> assertThat(
                java.net.URI.create(line.substring("Security Hub: ".length())).getHost())
                .isEqualTo("us-east-1.console.aws.amazon.com"));
        assertThat(message.body().lines()).noneMatch(line -> line.startsWith("Click here"))
                .noneMatch(line -> line.startsWith("Forged"));
    }
}
