package dev.hubresponder.functions.credentials;

import static dev.hubresponder.testkit.ExampleEvents.EVENTS;
import static dev.hubresponder.testkit.ExampleEvents.findingId;
import static dev.hubresponder.testkit.StageEmulators.LEDGER_TABLE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubresponder.aws.ledger.DynamoDbActionLedger;
import dev.hubresponder.aws.ledger.LedgerTable;
import dev.hubresponder.aws.member.MemberAccounts;
import dev.hubresponder.aws.member.MemberRoleSettings;
import dev.hubresponder.functions.credentials.RevokeCredentialsWiring.AwsClients;
import dev.hubresponder.ledger.LedgerEntry;
import dev.hubresponder.ledger.LedgerState;
import dev.hubresponder.metrics.ResponderMetrics;
import dev.hubresponder.policy.ResponseAction;
import dev.hubresponder.testkit.LambdaInvoke;
import dev.hubresponder.testkit.MotoServer;
import dev.hubresponder.testkit.StageEmulators;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The function as Lambda runs it, on the GuardDuty IAM events in {@code events/}, against moto (IAM, DynamoDB for
 * the ledger) and a WireMock server speaking Security Hub's {@code PATCH /findings/batchupdate} (moto does not
 * implement it, aws-facts §9). Preconditions: {@code moto_server} installed (the test starts it on a free 127.0.0.1
 * port and fails naming the install command when it is missing); WireMock binds 127.0.0.1 only.
 *
 * <p>What is asserted is what a user sees: the role's inline policies and the user's key in IAM, the ledger, and
 * the note written on the finding.
 */
class RevokeCredentialsHandlerTest {
    static final String EXFILTRATION = "guardduty-iam-instance-credential-exfiltration-outside-aws-high.json";
    static final String RELEASE = "custom-action-release-credentials.json";
    static final String REVOKE_USER = "custom-action-revoke.json";
    static final String ROLE = "web-app-instance-role";
    static final String ROLE_ARN = "arn:aws:iam::123456789012:role/" + ROLE;
    static final String POLICY = "hub-responder-revoke-older-sessions";
    /** The instance role's trust policy: EC2 may assume it. */
    static final String TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
            + "{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";
    static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final StageEmulators aws = new StageEmulators(LedgerTable::create);
    static IamClient iam;

    DynamoDbActionLedger ledger;

    @BeforeAll
    static void startEmulators() {
        iam = aws.moto().client(IamClient.builder()).build();
    }

    @AfterAll
    static void stopEmulators() {
        iam.close();
    }

    @BeforeEach
    void freshAccount() {
        aws.reset(findingId(EXFILTRATION), findingId(REVOKE_USER));
        ledger = new DynamoDbActionLedger(aws.dynamo(), LEDGER_TABLE);
        iam.createRole(r -> r.roleName(ROLE).assumeRolePolicyDocument(TRUST));
        iam.putRolePolicy(r -> r.roleName(ROLE).policyName("app-access").policyDocument("{\"Version\":"
                + "\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:ListBucket\",\"Resource\":"
                + "\"*\"}]}"));
    }

    @Test
    void aHighCredentialExfiltrationRevokesTheRolesOlderSessionsAndNotesTheFinding() throws IOException {
        JsonNode report = invoke(handler(Map.of("RESPONDER_CONTAIN_SEVERITIES", "CRITICAL,HIGH")),
                Files.readAllBytes(EVENTS.resolve(EXFILTRATION)));

        assertThat(report.path("stage").asText()).isEqualTo("RevokeCredentials");
        assertThat(report.path("findings").get(0).path("acted").asBoolean()).isTrue();
        assertThat(iam.listRolePolicies(r -> r.roleName(ROLE)).policyNames())
                .containsExactlyInAnyOrder("app-access", POLICY);
        LedgerEntry record = revocation(findingId(EXFILTRATION));
        assertThat(record.state()).isEqualTo(LedgerState.DONE);
        assertThat(record.key().target()).isEqualTo(ROLE_ARN);
        JsonNode note = notes().get(0);
        assertThat(note.path("FindingIdentifiers").get(0).path("Id").asText()).isEqualTo(findingId(EXFILTRATION));
        assertThat(note.path("Note").path("Text").asText())
                .startsWith("hub-responder DONE REVOKE_CREDENTIALS " + ROLE_ARN).contains(record.ledgerId());
        assertThat(note.path("Workflow").path("Status").asText()).isEqualTo("NOTIFIED");
    }

    @Test
    void theReleaseCustomActionRemovesTheRevokePolicyAndResolvesTheFinding() throws IOException {
        RevokeCredentialsHandler handler = handler(Map.of("RESPONDER_CONTAIN_SEVERITIES", "CRITICAL,HIGH"));
        invoke(handler, Files.readAllBytes(EVENTS.resolve(EXFILTRATION)));

        JsonNode report = invoke(handler, Files.readAllBytes(EVENTS.resolve(RELEASE)));

        assertThat(report.path("findings").get(0).path("summary").asText())
                .startsWith("DONE RELEASE_CREDENTIALS " + ROLE_ARN);
        assertThat(iam.listRolePolicies(r -> r.roleName(ROLE)).policyNames()).containsExactly("app-access");
        assertThat(revocation(findingId(EXFILTRATION)).state()).isEqualTo(LedgerState.RELEASED);
        JsonNode note = notes().get(1);
        assertThat(note.path("Note").path("Text").asText())
                .startsWith("hub-responder RELEASED REVOKE_CREDENTIALS " + ROLE_ARN);
        assertThat(note.path("Workflow").path("Status").asText()).isEqualTo("RESOLVED");
    }

    @Test
    void theRevokeCustomActionDeactivatesAnIamUsersKeyUnlessTheUserIsProtected() throws IOException {
        iam.createUser(r -> r.userName("build-bot").tags(Tag.builder().key("hub-responder:protected")
                .value("true").build()));
        String key = iam.createAccessKey(r -> r.userName("build-bot")).accessKey().accessKeyId();
        byte[] event = Files.readString(EVENTS.resolve(REVOKE_USER)).replace("AKIA5EXAMPLEBUILDBOT", key)
                .getBytes(StandardCharsets.UTF_8);

        JsonNode report = invoke(handler(Map.of()), event);

        assertThat(report.path("findings").get(0).path("summary").asText()).isEqualTo("REFUSED REVOKE_CREDENTIALS "
                + key + ": IAM user build-bot carries the protection tag hub-responder:protected=true");
        assertThat(iam.listAccessKeys(r -> r.userName("build-bot")).accessKeyMetadata().get(0).statusAsString())
                .isEqualTo("Active");
        assertThat(notes().get(0).path("Note").path("Text").asText())
                .startsWith("hub-responder REFUSED REVOKE_CREDENTIALS " + key);
    }

    @Test
    void aMalformedEventIsRefusedWithoutAnAction() throws IOException {
        JsonNode report = invoke(handler(Map.of()), Files.readAllBytes(EVENTS.resolve("malformed-wrong-source.json")));

        assertThat(report).isEqualTo(JSON.readTree("{\"stage\":\"RevokeCredentials\",\"findings\":[]}"));
        assertThat(notes()).isEmpty();
        assertThat(ledger.findByTarget(ROLE_ARN)).isEmpty();
    }

    static RevokeCredentialsHandler handler(Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>(Map.of("AWS_REGION", MotoServer.REGION, "LEDGER_TABLE", LEDGER_TABLE));
        env.putAll(overrides);
        return new RevokeCredentialsHandler(RevokeCredentialsWiring.of(env, new AwsClients(iam, aws.dynamo(), aws.securityHubClient()),
                singleAccount(), ResponderMetrics.NONE, Clock.systemUTC()));
    }

    /** A stack in moto's default account and Region with no member role: a single-account deployment. */
    static MemberAccounts singleAccount() {
        return new MemberAccounts(aws.moto().client(StsClient.builder()).build(),
                new MemberRoleSettings(null, MotoServer.ACCOUNT, MotoServer.REGION), aws.moto().endpointUri());
    }

    static JsonNode invoke(RevokeCredentialsHandler handler, byte[] event) throws IOException {
        return LambdaInvoke.invoke(handler, event, "RevokeCredentialsFunction");
    }


    LedgerEntry revocation(String findingId) {
        return ledger.findByFinding(findingId).stream()
                .filter(e -> e.key().action() == ResponseAction.REVOKE_CREDENTIALS)
                .findFirst().orElseThrow();
    }

    static List<JsonNode> notes() {
        return aws.notes();
    }

}
