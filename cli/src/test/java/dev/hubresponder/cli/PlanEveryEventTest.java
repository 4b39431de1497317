package dev.hubresponder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code ./responder plan --json} on every file in {@code events/}, with the default configuration: the decisions
 * README, docs/playbooks.md and events/README.md promise. Each finding is written as {@code SEVERITY: ACTION target, …
 * | refused: ACTION target, …}; errors as {@code error: reason}.
 */
class PlanEveryEventTest {
    private static final Path EVENTS = Path.of("..", "events");
    private static final String TASK = "arn:aws:ecs:us-east-1:123456789012:task/prod/3f1c9a7e5b2d4c6a8e0f1a2b3c4d5e6f";

    private static final Map<String, List<String>> EXPECTED = Map.ofEntries(
            Map.entry("guardduty-ec2-c2-actor-high.json", List.of(
                    "HIGH: QUARANTINE_INSTANCE i-0a1b2c3d4e5f60718, TICKET, ALERT")),
            Map.entry("guardduty-ec2-bitcoin-dns-actor-high.json", List.of(
                    "HIGH: QUARANTINE_INSTANCE i-0f60718293a4b5c6d, TICKET, ALERT")),
            Map.entry("guardduty-ecs-runtime-reverse-shell-high.json", List.of(
                    "HIGH: STOP_TASK " + TASK + ", TICKET, ALERT")),
            Map.entry("guardduty-ec2-ssh-bruteforce-target-low.json", List.of("LOW: DIGEST_WEEKLY")),
            Map.entry("guardduty-ec2-port-probe-multi-source-low.json", List.of("LOW: DIGEST_WEEKLY")),
            Map.entry("guardduty-ec2-rdp-bruteforce-ipv6-target-low.json", List.of("LOW: DIGEST_WEEKLY")),
            Map.entry("guardduty-ec2-c2-protected-instance-high.json", List.of(
                    "HIGH: TICKET, ALERT | refused: QUARANTINE_INSTANCE i-0e5f60718293a4b5c")),
            Map.entry("guardduty-ec2-c2-member-account-high.json", List.of(
                    "HIGH: QUARANTINE_INSTANCE i-0a9b8c7d6e5f40312, TICKET, ALERT")),
            Map.entry("forged-ec2-arn-other-account-high.json", List.of(
                    "HIGH: TICKET, ALERT | refused: QUARANTINE_INSTANCE i-0a1b2c3d4e5f60718")),
            Map.entry("guardduty-ec2-tor-client-high.json", List.of("HIGH: TICKET, ALERT")),
            Map.entry("guardduty-ec2-portscan-actor-medium.json", List.of("MEDIUM: TICKET, ALERT")),
            Map.entry("guardduty-attack-sequence-ec2-instance-group-critical.json", List.of(
                    "CRITICAL: QUARANTINE_INSTANCE i-0c3d4e5f60718293a, QUARANTINE_INSTANCE i-0d4e5f60718293a4b, "
                            + "BLOCK_ADDRESS 185.220.101.45/32, TICKET, ALERT")),
            Map.entry("guardduty-attack-sequence-ecs-cluster-critical.json", List.of(
                    "CRITICAL: STOP_TASK arn:aws:ecs:us-east-1:123456789012:task/prod/7a1b2c3d4e5f40718293a4b5c6d7e8f9, "
                            + "STOP_TASK arn:aws:ecs:us-east-1:123456789012:task/prod/8b2c3d4e5f6a40718293a4b5c6d7e8f0, "
                            + "BLOCK_ADDRESS 89.248.165.52/32, TICKET, ALERT")),
            Map.entry("guardduty-attack-sequence-iam-credentials-critical.json", List.of(
                    "CRITICAL: REVOKE_CREDENTIALS arn:aws:iam::123456789012:role/ci-deployer, TICKET, ALERT")),
            Map.entry("guardduty-sample-ec2-c2-high.json", List.of(
                    "HIGH: ALERT | refused: QUARANTINE_INSTANCE i-99999999")),
            Map.entry("securityhub-fsbp-low.json", List.of("LOW: DIGEST_WEEKLY")),
            Map.entry("guardduty-archived.json", List.of("HIGH: (nothing)")),
            Map.entry("guardduty-reemitted-notified.json", List.of("HIGH: (nothing)")),
            Map.entry("inspector-cve-critical.json", List.of("CRITICAL: TICKET, ALERT")),
            Map.entry("trivy-container-cve-critical.json", List.of("CRITICAL: TICKET, ALERT")),
            Map.entry("forged-default-product-critical.json", List.of("CRITICAL: TICKET, ALERT"
                    + " | refused: QUARANTINE_INSTANCE i-0a1b2c3d4e5f60718, BLOCK_ADDRESS 45.155.205.233/32")),
            Map.entry("custom-action-isolate.json", List.of(
                    "HIGH: QUARANTINE_INSTANCE i-0f60718293a4b5c6d, ALERT",
                    "HIGH: QUARANTINE_INSTANCE i-0718293a4b5c6d7e8, ALERT")),
            Map.entry("custom-action-release.json", List.of("HIGH: RELEASE_INSTANCE i-0f60718293a4b5c6d, ALERT")),
            Map.entry("custom-action-stop-task.json", List.of("HIGH: STOP_TASK " + TASK + ", ALERT")),
            Map.entry("custom-action-block.json", List.of("LOW: BLOCK_ADDRESS 185.220.101.45/32, ALERT")),
            Map.entry("custom-action-unblock.json", List.of("LOW: UNBLOCK_ADDRESS 185.220.101.45/32, ALERT")),
            Map.entry("custom-action-ticket.json", List.of("HIGH: TICKET")),
            // IAM findings: the playbook revokes exfiltrated instance credentials and asks for approval of the rest;
            // the custom actions revoke and release at any severity.
            Map.entry("guardduty-iam-instance-credential-exfiltration-outside-aws-high.json", List.of(
                    "HIGH: REVOKE_CREDENTIALS arn:aws:iam::123456789012:role/web-app-instance-role, TICKET, ALERT")),
            Map.entry("guardduty-iam-user-anomalous-behavior-medium.json", List.of("MEDIUM: TICKET, ALERT")),
            Map.entry("custom-action-revoke.json", List.of("MEDIUM: REVOKE_CREDENTIALS AKIA5EXAMPLEBUILDBOT, ALERT")),
            Map.entry("custom-action-release-credentials.json", List.of(
                    "HIGH: RELEASE_CREDENTIALS arn:aws:iam::123456789012:role/web-app-instance-role, ALERT")),
            Map.entry("ocsf-v2-compliance-high.json", List.of("HIGH: TICKET, ALERT")),
            Map.entry("ocsf-v2-detection-high.json", List.of("HIGH: TICKET, ALERT")),
            Map.entry("mixed-batch-two-invalid.json", List.of("HIGH: TICKET, ALERT",
                    "error: missing AwsAccountId", "error: Severity.Label 'SEVERE' is not a severity label")));

    private static final Map<String, String> REJECTED_EVENTS = Map.of(
            "malformed-no-findings.json", "event has no detail.findings array",
            "malformed-wrong-source.json", "event source is 'aws.ec2', expected 'aws.securityhub'");

    static Stream<Arguments> events() {
        return EXPECTED.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @Test
    void everyEventFileHasAnExpectedDecision() throws IOException {
        Set<String> expected = new TreeSet<>(EXPECTED.keySet());
        expected.addAll(REJECTED_EVENTS.keySet());
        try (Stream<Path> files = Files.list(EVENTS)) {
            List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).toList();
            assertThat(names).as("events/ and this test's tables (add the decision for a new event here)")
                    .containsExactlyInAnyOrderElementsOf(expected);
        }
        assertThat(EXPECTED.keySet()).doesNotContainAnyElementsOf(REJECTED_EVENTS.keySet());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void planDecidesAsDocumented(String file, List<String> expected) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = new Responder(Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                .run("plan", EVENTS.resolve(file).toString(), "--json");

        assertThat(exit).isEqualTo(Responder.OK);
        assertThat(summarize(new ObjectMapper().readTree(out.toByteArray()))).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedEvents")
    void malformedEventIsRejectedWholeWithItsReason(String file, String reason) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new Responder(Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run("plan", EVENTS.resolve(file).toString());

        assertThat(exit).isEqualTo(Responder.FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(reason);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    static Stream<Arguments> rejectedEvents() {
        return REJECTED_EVENTS.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @Test
    void everyActionCarriesAReasonAndTheJsonHasExactlyTheDocumentedFields() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // A team that blocks probers of its web fleet (docs/playbooks.md): the probe's sources become blocks.
        Map<String, String> blockProbers = Map.of("RESPONDER_PLAYBOOK", """
                {"rules":[{"name":"block-internet-attackers","producer":"aws/guardduty",
                  "types":["Recon:EC2/PortProbeUnprotectedPort"],"role":"TARGET","decision":"BLOCK",
                  "blockPeers":"INBOUND"}]}""", "RESPONDER_CONTAINMENT_ROUTING_SEVERITIES", "LOW,MEDIUM,HIGH,CRITICAL");
        int exit = new Responder(blockProbers, new PrintStream(out, true, StandardCharsets.UTF_8), System.err)
                .run("plan", EVENTS.resolve("guardduty-ec2-port-probe-multi-source-low.json").toString(), "--json");
        JsonNode plan = new ObjectMapper().readTree(out.toByteArray());

        assertThat(exit).isEqualTo(Responder.OK);
        assertThat(plan.fieldNames()).toIterable().containsExactly("findings", "errors");
        assertThat(plan.get("findings")).hasSize(1);
        JsonNode finding = plan.get("findings").get(0);
        assertThat(finding.fieldNames()).toIterable().containsExactly("id", "severity", "rule", "summary", "actions", "refused");
        // BLOCK_ADDRESS twice, TICKET, ALERT; the private 10.0.3.7 refused.
        assertThat(finding.get("actions")).hasSize(4).allSatisfy(a -> {
            assertThat(a.fieldNames()).toIterable().containsExactly("action", "target", "reason", "shadow");
            assertThat(a.get("reason").asText()).isNotBlank();
        });
        assertThat(finding.get("refused")).hasSize(1);
        assertThat(finding.get("refused").get(0).get("reason").asText()).contains("private");
    }

    @Test
    void shadowModeFromTheEnvironmentShowsInThePlan() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = new Responder(Map.of("RESPONDER_SHADOW_MODE", "true"),
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err)
                .run("plan", EVENTS.resolve("guardduty-attack-sequence-ec2-instance-group-critical.json").toString(),
                        "--json");

        assertThat(exit).isEqualTo(Responder.OK);
        JsonNode findings = new ObjectMapper().readTree(out.toByteArray()).get("findings");
        assertThat(findings).hasSize(1);
        List<String> actions = new ArrayList<>();
        findings.get(0).get("actions").forEach(a -> actions.add(a.get("action").asText() + " shadow="
                + a.get("shadow").asBoolean()));
        // Shadow mode holds back containment only; the ticket and the alert still go out.
        assertThat(actions).containsExactly("QUARANTINE_INSTANCE shadow=true", "QUARANTINE_INSTANCE shadow=true",
                "BLOCK_ADDRESS shadow=true", "TICKET shadow=false", "ALERT shadow=false");
    }

    @Test
    void tableNamesEveryActionRefusalAndRejection() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = new Responder(Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8), System.err)
                .run("plan", EVENTS.resolve("mixed-batch-two-invalid.json").toString());

        assertThat(exit).isEqualTo(Responder.OK);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("1 finding(s) decided, 2 rejected", "TICKET",
                "ALERT", "REJECTED", "missing AwsAccountId");
    }

    private static List<String> summarize(JsonNode plan) {
        List<String> lines = new ArrayList<>();
        for (JsonNode f : plan.get("findings")) {
            List<String> actions = new ArrayList<>();
            f.get("actions").forEach(a -> actions.add(item(a)));
            List<String> refused = new ArrayList<>();
            f.get("refused").forEach(r -> refused.add(item(r)));
            String line = f.get("severity").asText() + ": "
                    + (actions.isEmpty() ? "(nothing)" : String.join(", ", actions))
                    + (refused.isEmpty() ? "" : " | refused: " + String.join(", ", refused));
            lines.add(line);
        }
        plan.get("errors").forEach(e -> lines.add("error: " + e.get("reason").asText()));
        return lines;
    }

    private static String item(JsonNode a) {
        String target = a.get("target").isNull() ? "" : " " + a.get("target").asText();
        return a.get("action").asText() + target;
    }
}
