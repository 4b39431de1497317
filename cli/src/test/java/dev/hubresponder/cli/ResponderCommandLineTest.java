package dev.hubresponder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a user sees when the command line is wrong or the input is not an event. */
class ResponderCommandLineTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> env, String... args) {
        return new Responder(env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void noCommandPrintsUsageAndFails() {
        assertThat(run(Map.of())).isEqualTo(Responder.USAGE);
        assertThat(err()).contains("usage: responder", "plan <event.json>", "invoke <FunctionLogicalId>", "demo",
                "release <instance-id | task-ARN | access-key-id | role-ARN>", "unblock <address>");
    }

    @Test
    void releaseWithoutTargetSaysWhatToGive() {
        assertThat(run(Map.of(), "release")).isEqualTo(Responder.USAGE);
        assertThat(err()).contains("give one instance id, task ARN, access key id or role ARN");
    }

    @Test
    void unblockWithoutAddressSaysWhatToGive() {
        assertThat(run(Map.of(), "unblock")).isEqualTo(Responder.USAGE);
        assertThat(err()).contains("give one address");
    }

    @Test
    void unknownCommandIsNamed() {
        assertThat(run(Map.of(), "contain")).isEqualTo(Responder.USAGE);
        assertThat(err()).contains("unknown command 'contain'");
    }

    @Test
    void planWithoutFileSaysWhatToGive() {
        assertThat(run(Map.of(), "plan")).isEqualTo(Responder.USAGE);
        assertThat(err()).contains("give exactly one event file");
    }

    @Test
    void planOfMissingFileFailsNamingIt() {
        assertThat(run(Map.of(), "plan", "no/such/event.json")).isEqualTo(Responder.FAILED);
        assertThat(err()).contains("no such file: no/such/event.json");
    }

    @Test
    void planOfTextThatIsNotJsonFailsSayingItIsNotAnEvent(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("notes.txt"), "GuardDuty said something");

        assertThat(run(Map.of(), "plan", file.toString())).isEqualTo(Responder.FAILED);
        assertThat(err()).contains("is not a Security Hub event");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void wrongConfigurationNamesTheVariable() {
        assertThat(run(Map.of("RESPONDER_KILL_SWITCH", "maybe"), "plan",
                "../events/guardduty-ec2-portscan-actor-medium.json")).isEqualTo(Responder.FAILED);
        assertThat(err()).contains("RESPONDER_KILL_SWITCH must be true or false");
    }

    @Test
    void invokeOfMissingEventFileFailsNamingIt() {
        assertThat(run(Map.of(), "invoke", "QuarantineInstanceFunction", "no/such.json"))
                .isEqualTo(Responder.FAILED);
        assertThat(err()).contains("no such file: no/such.json");
    }

    @Test
    void planTakesTheJsonArrayOfFindingsThatTrivysAsffTemplateWrites(@TempDir Path dir) throws IOException {
        String event = Files.readString(Path.of("..", "events", "trivy-container-cve-critical.json"));
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var finding = mapper.readTree(event).path("detail").path("findings").get(0);
        Path array = Files.writeString(dir.resolve("trivy-report.asff"),
                mapper.createArrayNode().add(finding).add(finding.deepCopy()).toString());

        assertThat(run(Map.of(), "plan", array.toString())).isEqualTo(Responder.OK);
        assertThat(err()).contains("read as a JSON array of ASFF findings", "2 finding(s)");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("2 finding(s) decided", "TICKET", "ALERT")
                .doesNotContain("QUARANTINE", "STOP_TASK", "BLOCK_ADDRESS");
    }

    @Test
    void planTakesGetFindingsOutputAsUsersExportIt(@TempDir Path dir) throws IOException {
        String event = Files.readString(Path.of("..", "events", "guardduty-ec2-ssh-bruteforce-target-low.json"));
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var findings = mapper.readTree(event).path("detail").path("findings");
        Path export = Files.writeString(dir.resolve("export.json"),
                mapper.createObjectNode().set("Findings", findings).toString());

        assertThat(run(Map.of(), "plan", export.toString())).isEqualTo(Responder.OK);
        assertThat(err()).contains("read as GetFindings output: 1 finding(s)");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("DIGEST_WEEKLY",
                "decided by: playbook rule victim-of-internet-noise");
    }

    @Test
    void planTakesOneAsffFindingOnItsOwn(@TempDir Path dir) throws IOException {
        String event = Files.readString(Path.of("..", "events", "inspector-cve-critical.json"));
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        Path finding = Files.writeString(dir.resolve("finding.json"),
                mapper.readTree(event).path("detail").path("findings").get(0).toString());

        assertThat(run(Map.of(), "plan", finding.toString())).isEqualTo(Responder.OK);
        assertThat(err()).contains("read as one ASFF finding");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("TICKET", "ALERT").doesNotContain("QUARANTINE");
    }

    @Test
    void planTakesABlockQueueBatchAsTheEventSourceDeliversIt(@TempDir Path dir) throws IOException {
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var batch = mapper.createObjectNode();
        var records = batch.putArray("Records");
        for (String file : List.of("guardduty-attack-sequence-ec2-instance-group-critical.json",
                "guardduty-attack-sequence-ecs-cluster-critical.json")) {
            records.addObject().put("messageId", file).put("eventSource", "aws:sqs")
                    .put("body", Files.readString(Path.of("..", "events", file)));
        }
        records.addObject().put("messageId", "garbage").put("eventSource", "aws:sqs").put("body", "{not json");
        Path queued = Files.writeString(dir.resolve("batch.json"), batch.toString());

        assertThat(run(Map.of(), "plan", queued.toString())).isEqualTo(Responder.OK);
        assertThat(err()).contains("read as a queue batch of 3 message(s) (1 not JSON, skipped): 2 finding(s)");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("185.220.101.45/32", "89.248.165.52/32");
    }

    @Test
    void planSaysWhatToDoWithAFindingInGuardDutysOwnFormat(@TempDir Path dir) throws IOException {
        Path native_ = Files.writeString(dir.resolve("gd.json"),
                "{\"type\":\"Backdoor:EC2/C&CActivity.B\",\"service\":{},\"resource\":{},\"severity\":8}");

        assertThat(run(Map.of(), "plan", native_.toString())).isEqualTo(Responder.FAILED);
        assertThat(err()).contains("GuardDuty's own format", "aws securityhub get-findings");
    }

    @Test
    void planRefusesContentAfterTheEventAsTheFunctionsDo(@TempDir Path dir) throws IOException {
        Path twoEvents = Files.writeString(dir.resolve("two.json"), Files.readString(Path.of("..", "events", "guardduty-ec2-c2-actor-high.json"))
                + "\n{\"source\": \"aws.securityhub\"}\n");

        assertThat(run(Map.of(), "plan", twoEvents.toString())).isEqualTo(Responder.FAILED);
        assertThat(err()).contains("is not a Security Hub event: input is not JSON: Trailing token");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            finding-id-a-number.json         | "reason" : "findings[0]: Id is a number, expected a string"
            resource-type-not-a-string.json  | Resources[0].Type is an array, expected a string
            """)
    void planRejectsAFindingWhoseFieldHasAnotherTypeAndContainsNothing(String hostileFile, String rejection,
            @TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve(hostileFile), hostile(hostileFile));

        assertThat(run(Map.of(), "plan", file.toString(), "--json")).isEqualTo(Responder.OK);
        String plan = out.toString(StandardCharsets.UTF_8);
        assertThat(plan).doesNotContain("QUARANTINE_INSTANCE").doesNotContain("BLOCK_ADDRESS").contains(rejection);
    }

    @Test
    void planListsAContainmentThatCannotHappenAsARefusalWithItsReason(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("id.json"), hostile("actor-instance-id-not-valid.json"));

        assertThat(run(Map.of(), "plan", file.toString(), "--json")).isEqualTo(Responder.OK);
        var plan = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        var finding = plan.path("findings").get(0);
        assertThat(finding.path("actions").findValuesAsText("action")).doesNotContain("QUARANTINE_INSTANCE");
        assertThat(finding.path("refused").get(0).path("action").asText()).isEqualTo("QUARANTINE_INSTANCE");
        assertThat(finding.path("refused").get(0).path("target").asText())
                .isEqualTo("arn:aws:ec2:us-east-1:123456789012:instance/i-not-an-instance");
        assertThat(finding.path("refused").get(0).path("reason").asText())
                .contains("is not an EC2 instance ARN with a valid instance id");
    }

    private static String hostile(String name) throws IOException {
        try (var in = ResponderCommandLineTest.class.getResourceAsStream("/hostile/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
