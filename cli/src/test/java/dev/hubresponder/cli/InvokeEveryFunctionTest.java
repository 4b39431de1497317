package dev.hubresponder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubresponder.aws.ledger.DynamoDbActionLedger;
import dev.hubresponder.aws.ledger.LedgerTable;
import dev.hubresponder.block.BlockHoldings;
import dev.hubresponder.testkit.DemoAccount;
import dev.hubresponder.testkit.MotoServer;
import dev.hubresponder.testkit.SecurityHubEmulator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.wafv2.model.Scope;

/**
 * {@code ./responder invoke} runs every function of {@code template.yaml}, each on an event it is deployed to
 * receive, against the emulated account, and each does its job.
 *
 * <p>Preconditions: {@code moto_server} installed (the test fails saying so otherwise; see {@link MotoServer});
 * the functions' shaded jars built, which the reactor does before this module's tests (cli depends on each function
 * module, type pom), else {@code invoke} builds them with {@code ./mvnw}. Security Hub is the WireMock
 * {@link SecurityHubEmulator} (moto lacks {@code BatchUpdateFindings}); the ticket provider is the template's
 * default, {@code none}.
 *
 * <p>The {@code --env-vars} file overrides only what names an emulated resource (endpoints, credentials, the topic
 * and IP set ARNs): every policy variable comes from the template, so a name the template passes and a function
 * does not read (or the reverse, for a required one) fails here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InvokeEveryFunctionTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();

    private MotoServer moto;
    private SecurityHubEmulator securityHub;
    private DemoAccount account;
    private Path envVars;

    @BeforeAll
    void startAccount(@TempDir Path dir) throws IOException {
        moto = MotoServer.start();
        securityHub = SecurityHubEmulator.start();
        account = DemoAccount.create(moto, LedgerTable::create);
        Map<String, String> overrides = new HashMap<>(account.functionEnvironment());
        overrides.put("AWS_ENDPOINT_URL_SECURITYHUB", securityHub.endpoint());
        envVars = dir.resolve("env.json");
        Files.writeString(envVars, JSON.writeValueAsString(Map.of("Parameters", overrides)));
    }

    @AfterAll
    void stop() {
        if (account != null) {
            account.close();
        }
        if (securityHub != null) {
            securityHub.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    static List<String> templateFunctions() throws IOException {
        return SamTemplate.read(ROOT.resolve("template.yaml")).functionIds();
    }

    @ParameterizedTest
    @MethodSource("templateFunctions")
    void everyTemplateFunctionDoesItsJobWhenInvokedLocally(String function, @TempDir Path dir) throws IOException {
        switch (function) {
            case "QuarantineInstanceFunction" -> {
                String instance = account.webTier().instanceId();
                JsonNode report = invoke(function, event(dir, "guardduty-ec2-c2-actor-high.json",
                        Map.of("i-0a1b2c3d4e5f60718", instance)));
                assertThat(summary(report, "QuarantineInstance")).startsWith("DONE QUARANTINE_INSTANCE " + instance);
                assertThat(account.ec2().describe(instance).tags())
                        .anyMatch(t -> t.key().startsWith("hub-responder:quarantine"));
            }
            case "StopTaskFunction" -> {
                String task = account.serviceTaskArn();
                JsonNode report = invoke(function, event(dir, "guardduty-ecs-runtime-reverse-shell-high.json",
                        Map.of("arn:aws:ecs:us-east-1:123456789012:task/prod/3f1c9a7e5b2d4c6a8e0f1a2b3c4d5e6f", task,
                                "arn:aws:ecs:us-east-1:123456789012:cluster/prod", account.ecs().clusterArn())));
                assertThat(summary(report, "StopTask")).startsWith("DONE STOP_TASK: stopped task " + task);
                assertThat(account.ecs().task(task).desiredStatus()).isEqualTo("STOPPED");
            }
            case "RevokeCredentialsFunction" -> {
                String key = userWithKey("build-bot");
                JsonNode report = invoke(function, event(dir, "custom-action-revoke.json",
                        Map.of("AKIA5EXAMPLEBUILDBOT", key)));
                assertThat(summary(report, "RevokeCredentials")).startsWith("DONE REVOKE_CREDENTIALS " + key);
                assertThat(keyStatus("build-bot")).isEqualTo("Inactive");
            }
            case "BlockAddressesFunction" -> {
                JsonNode report = invoke(function, event(dir,
                        "guardduty-attack-sequence-ec2-instance-group-critical.json", Map.of()));
                assertThat(summary(report, "BlockAddresses")).contains("blocked 185.220.101.45/32");
                assertThat(account.blockedIpv4()).contains("185.220.101.45/32");
            }
            case "ExpireBlocksFunction" -> {
                String expired = "203.0.113.77/32";
                holdExpiredBlock(expired);
                JsonNode report = invoke(function, scheduledEvent(dir));
                assertThat(report.path("removed").toString()).contains(expired);
                assertThat(account.blockedIpv4()).doesNotContain(expired);
            }
            case "CreateTicketFunction" -> {
                JsonNode report = invoke(function, event(dir, "inspector-cve-critical.json", Map.of()));
                assertThat(summary(report, "CreateTicket")).isEqualTo("no ticket: provider none");
            }
            case "SendAlertFunction" -> {
                account.takeAlertSubjects();
                JsonNode report = invoke(function, event(dir, "inspector-cve-critical.json", Map.of()));
                assertThat(summary(report, "SendAlert")).startsWith("SENT");
                assertThat(account.takeAlertSubjects()).containsExactly(
                        "[CRITICAL] NOTIFIED in 123456789012: CVE-2023-38545 - curl, libcurl");
            }
            case "SendDigestFunction" -> {
                account.takeAlertSubjects();
                ObjectNode medium = (ObjectNode) JSON.readTree(ROOT.resolve("events/guardduty-ec2-portscan-actor-medium.json")
                        .toFile()).path("detail").path("findings").get(0);
                medium.put("UpdatedAt", Instant.now().minus(Duration.ofHours(2)).toString());
                securityHub.answerGetFindings(List.of(medium));
                Path input = Files.writeString(dir.resolve("daily.json"), "{\"digest\":\"DAILY\"}");
                JsonNode report = invoke(function, input);
                assertThat(report.path("status").asText()).as(report.toString()).isEqualTo("SENT");
                assertThat(report.path("included").asInt()).isEqualTo(1);
                assertThat(account.takeAlertSubjects()).singleElement().asString().startsWith("Daily digest: 1 ");
            }
            case "ActionTargetsFunction" -> {
                invoke(function, customResourceCreate(dir));
                JsonNode answer = securityHub.cloudFormationResponses().get(0);
                assertThat(answer.path("Status").asText()).as(answer.toString()).isEqualTo("SUCCESS");
                assertThat(answer.path("Data").path("HubRespRelease").asText())
                        .endsWith(":action/custom/HubRespRelease");
            }
            default -> throw new AssertionError(function + " is in template.yaml but this test has no event for it:"
                    + " add one, so that ./responder invoke is known to work for it");
        }
    }

    @Test
    void releaseCommandRestoresAnInstanceQuarantinedThroughInvoke(@TempDir Path dir) throws IOException {
        String instance = account.bystanderInstanceId();
        invoke("QuarantineInstanceFunction", event(dir, "guardduty-ec2-c2-actor-high.json",
                Map.of("i-0a1b2c3d4e5f60718", instance, "finding/a4c6f0e2", "finding/b5d7a1f3")));

        Run release = run("release", instance, "--env-vars", envVars.toString());

        assertThat(release.exit()).as(tail(release.err())).isZero();
        assertThat(release.err()).contains("QUARANTINE_INSTANCE of " + instance, "DONE) → QuarantineInstanceFunction");
        assertThat(summary(JSON.readTree(release.out()), "QuarantineInstance"))
                .startsWith("DONE RELEASE_INSTANCE " + instance);
        assertThat(account.ec2().describe(instance).tags()).noneMatch(t -> t.key().startsWith("hub-responder:"));
    }

    @Test
    void releaseCommandReactivatesAKeyRevokedThroughInvoke(@TempDir Path dir) throws IOException {
        String key = userWithKey("deploy-bot");
        invoke("RevokeCredentialsFunction", event(dir, "custom-action-revoke.json",
                Map.of("AKIA5EXAMPLEBUILDBOT", key, "build-bot", "deploy-bot", "finding/a9c1e3f5", "finding/b0d2f4a6")));
        assertThat(keyStatus("deploy-bot")).isEqualTo("Inactive");

        Run release = run("release", key, "--env-vars", envVars.toString());

        assertThat(release.exit()).as(tail(release.err())).isZero();
        assertThat(summary(JSON.readTree(release.out()), "RevokeCredentials"))
                .startsWith("DONE RELEASE_CREDENTIALS " + key);
        assertThat(keyStatus("deploy-bot")).isEqualTo("Active");
    }

    @Test
    void releaseCommandRefusesAnInstanceTheLedgerDoesNotKnow() {
        Run release = run("release", "i-0123456789abcdef0", "--env-vars", envVars.toString());

        assertThat(release.exit()).isEqualTo(Responder.FAILED);
        assertThat(release.err()).contains("responder release: no quarantine of i-0123456789abcdef0 in the ledger");
    }

    @Test
    void unblockCommandRefusesAnAddressTheResponderNeverBlocked() {
        Run unblock = run("unblock", "45.155.205.233", "--env-vars", envVars.toString());

        assertThat(unblock.exit()).isEqualTo(Responder.FAILED);
        assertThat(unblock.err()).contains("responder unblock: no block of 45.155.205.233/32 in the ledger");
    }

    /** An IAM user in the emulated account with one access key (moto names it); returns the key id. */
    private String userWithKey(String user) {
        try (IamClient iam = moto.client(IamClient.builder()).build()) {
            iam.createUser(r -> r.userName(user));
            return iam.createAccessKey(r -> r.userName(user)).accessKey().accessKeyId();
        }
    }

    private String keyStatus(String user) {
        try (IamClient iam = moto.client(IamClient.builder()).build()) {
            return iam.listAccessKeys(r -> r.userName(user)).accessKeyMetadata().get(0).statusAsString();
        }
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> shell = new HashMap<>();
        shell.put("HUB_RESPONDER_HOME", ROOT.toString());
        shell.put("PATH", System.getenv().getOrDefault("PATH", ""));
        shell.put("HOME", System.getProperty("user.home"));
        int exit = new Responder(shell, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private JsonNode invoke(String function, Path event) throws IOException {
        Run run = run("invoke", function, event.toString(), "--env-vars", envVars.toString());
        assertThat(run.exit()).as(function + " exit code; logs:\n" + tail(run.err())).isZero();
        assertThat(run.err()).as("every variable the function needs has a local value")
                .doesNotContain("has no local value");
        if (!PLAIN_TEXT_LOGS.contains(function)) {
            assertThat(jsonLogLines(run.err())).as(function + " logs one JSON object per line with Powertools'"
                    + " Lambda fields (a shaded jar that loses log4j's plugins or configuration logs nothing, or"
                    + " plain text); logs:\n" + tail(run.err()))
                    .anySatisfy(line -> {
                        assertThat(line.path("level").asText()).isNotEmpty();
                        assertThat(line.path("message").asText()).isNotEmpty();
                        assertThat(line.path("function_name").asText()).isEqualTo(function);
                        assertThat(line.has("cold_start")).isTrue();
                    });
        }
        return JSON.readTree(run.out());
    }

    /** Functions that log through {@link System.Logger} without Powertools: one text line per event. */
    private static final List<String> PLAIN_TEXT_LOGS = List.of("SendDigestFunction", "ActionTargetsFunction");

    private static List<JsonNode> jsonLogLines(String logs) {
        List<JsonNode> lines = new java.util.ArrayList<>();
        for (String line : logs.split("\n")) {
            if (line.startsWith("{")) {
                try {
                    lines.add(JSON.readTree(line));
                } catch (com.fasterxml.jackson.core.JsonProcessingException notJson) {
                    // a line that starts with a brace and is not JSON is not a log line of the layout
                }
            }
        }
        return lines;
    }

    private static String summary(JsonNode report, String stage) {
        assertThat(report.path("stage").asText()).isEqualTo(stage);
        return report.path("findings").get(0).path("summary").asText();
    }

    private static Path event(Path dir, String file, Map<String, String> replacements) throws IOException {
        String text = Files.readString(ROOT.resolve("events").resolve(file));
        for (Map.Entry<String, String> r : replacements.entrySet()) {
            text = text.replace(r.getKey(), r.getValue());
        }
        return Files.writeString(dir.resolve(file), text);
    }

    private static Path scheduledEvent(Path dir) throws IOException {
        ObjectNode event = JSON.createObjectNode().put("version", "0").put("id", "5c1b7e2a-expiry")
                .put("detail-type", "Scheduled Event").put("source", "aws.events")
                .put("account", MotoServer.ACCOUNT).put("time", Instant.now().toString())
                .put("region", MotoServer.REGION);
        event.putArray("resources").add("arn:aws:events:us-east-1:123456789012:rule/expire-blocks");
        event.putObject("detail");
        return Files.writeString(dir.resolve("scheduled.json"), event.toString());
    }

    /** A block the responder added a day ago that expired an hour ago: in the set and held in the ledger. */
    private void holdExpiredBlock(String host) {
        var waf = moto.client(software.amazon.awssdk.services.wafv2.Wafv2Client.builder()).build();
        String[] arn = account.ipv4SetArn().split("/");
        String name = arn[arn.length - 2];
        String id = arn[arn.length - 1];
        var set = waf.getIPSet(r -> r.name(name).id(id).scope(Scope.REGIONAL));
        List<String> addresses = new java.util.ArrayList<>(set.ipSet().addresses());
        addresses.add(host);
        waf.updateIPSet(r -> r.name(name).id(id).scope(Scope.REGIONAL).lockToken(set.lockToken())
                .addresses(addresses));
        waf.close();
        Clock dayAgo = Clock.fixed(Instant.now().minus(Duration.ofDays(1)), java.time.ZoneOffset.UTC);
        new BlockHoldings(new DynamoDbActionLedger(account.dynamo(), DemoAccount.LEDGER_TABLE), dayAgo)
                .hold(host, name, Instant.now().minus(Duration.ofHours(1)));
    }

    private Path customResourceCreate(Path dir) throws IOException {
        ObjectNode properties = (ObjectNode) SamTemplate.read(ROOT.resolve("template.yaml"))
                .resourceProperties("SecurityHubActionTargets").deepCopy();
        properties.put("ServiceToken", "arn:aws:lambda:us-east-1:123456789012:function:ActionTargetsFunction:live");
        properties.remove("HubArn");
        ObjectNode event = JSON.createObjectNode().put("RequestType", "Create")
                .put("ResponseURL", securityHub.cloudFormationResponseUrl())
                .put("StackId", "arn:aws:cloudformation:us-east-1:123456789012:stack/hub-responder/1")
                .put("RequestId", "local-1").put("ResourceType", "Custom::SecurityHubActionTargets")
                .put("LogicalResourceId", "SecurityHubActionTargets");
        event.set("ResourceProperties", properties);
        return Files.writeString(dir.resolve("custom-resource.json"), event.toString());
    }

    private static String tail(String logs) {
        return logs.length() <= 4000 ? logs : logs.substring(logs.length() - 4000);
    }
}
