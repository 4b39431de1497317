package dev.hubresponder.functions.credentials;

import static dev.hubresponder.functions.credentials.RevokeCredentialsHandlerTest.EXFILTRATION;
import static dev.hubresponder.functions.credentials.RevokeCredentialsHandlerTest.RELEASE;
import static dev.hubresponder.functions.credentials.RevokeCredentialsHandlerTest.ROLE;
import static dev.hubresponder.functions.credentials.RevokeCredentialsHandlerTest.TRUST;
import static dev.hubresponder.testkit.StageEmulators.LEDGER_TABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static dev.hubresponder.testkit.Organization.CENTRAL;
import static dev.hubresponder.testkit.Organization.MEMBER_B;
import static dev.hubresponder.testkit.Organization.MEMBER_ROLE;
import static dev.hubresponder.testkit.Organization.WEST;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubresponder.aws.ledger.DynamoDbActionLedger;
import dev.hubresponder.aws.ledger.LedgerTable;
import dev.hubresponder.aws.member.MemberAccounts;
import dev.hubresponder.aws.member.MemberRoleSettings;
import dev.hubresponder.functions.credentials.RevokeCredentialsWiring.AwsClients;
import dev.hubresponder.ledger.ActedIn;
import dev.hubresponder.ledger.LedgerEntry;
import dev.hubresponder.ledger.LedgerState;
import dev.hubresponder.metrics.ResponderMetrics;
import dev.hubresponder.policy.ResponseAction;
import dev.hubresponder.testkit.ExampleEvents;
import dev.hubresponder.testkit.LambdaInvoke;
import dev.hubresponder.testkit.MotoServer;
import dev.hubresponder.testkit.StageEmulators;
import java.io.IOException;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * One central stack revoking a member account's credentials, against moto serving the central account
 * ({@code 123456789012}, the stack in {@code us-east-1}) and a member account whose instance role has the same name
 * as one in the central account (aws-facts §9: AssumeRole into an account's role returns credentials whose calls land
 * in that account). The function reaches the member only through STS AssumeRole into {@code HubResponderMember}.
 * Preconditions: {@code moto_server} installed; WireMock on 127.0.0.1 answers Security Hub's
 * {@code BatchUpdateFindings}.
 *
 * <p>What is asserted is what a user would see: the inline policies of the role in each account, and the ledger
 * records with the account they acted in.
 */
class OrganizationRevokeCredentialsTest {
    static final String APP_POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::web-app-assets/*\"}]}";

    @RegisterExtension
    static final StageEmulators aws = new StageEmulators(LedgerTable::create);

    IamClient centralIam;
    IamClient memberIam;
    DynamoDbActionLedger ledger;

    @BeforeEach
    void organization() {
        aws.reset();
        ledger = new DynamoDbActionLedger(aws.dynamo(), LEDGER_TABLE);
        centralIam = aws.moto().client(IamClient.builder()).build();
        memberIam = aws.moto().client(IamClient.builder(), MEMBER_B, MotoServer.REGION).build();
        for (IamClient iam : List.of(centralIam, memberIam)) {
            iam.createRole(r -> r.roleName(ROLE).assumeRolePolicyDocument(TRUST));
            iam.putRolePolicy(r -> r.roleName(ROLE).policyName("app-access").policyDocument(APP_POLICY));
        }
    }

    @Test
    void aMemberFindingRevokesTheMembersRoleSessionsAndReleaseRemovesOnlyThatPolicy() throws IOException {
        RevokeCredentialsHandler handler = handler(MEMBER_ROLE);

        JsonNode report = invoke(handler, memberEvent(EXFILTRATION));

        String memberRoleArn = "arn:aws:iam::" + MEMBER_B + ":role/" + ROLE;
        assertThat(report.path("findings").get(0).path("summary").asText())
                .startsWith("DONE REVOKE_CREDENTIALS " + memberRoleArn);
        assertThat(policies(memberIam)).containsExactlyInAnyOrder("app-access", "hub-responder-revoke-older-sessions");
        assertThat(policies(centralIam)).as("the central account's role of the same name").containsExactly(
                "app-access");
        LedgerEntry record = ledger.findByTarget(memberRoleArn).stream()
                .filter(e -> e.key().action() == ResponseAction.REVOKE_CREDENTIALS).findFirst().orElseThrow();
        assertThat(record.state()).isEqualTo(LedgerState.DONE);
        assertThat(record.artifacts()).containsEntry(ActedIn.ACCOUNT, MEMBER_B).containsEntry(ActedIn.REGION, WEST);

        JsonNode released = invoke(handler, memberEvent(RELEASE));

        assertThat(released.path("findings").get(0).path("summary").asText())
                .startsWith("DONE RELEASE_CREDENTIALS " + memberRoleArn);
        assertThat(policies(memberIam)).containsExactly("app-access");
        assertThat(ledger.find(record.key()).orElseThrow().state()).isEqualTo(LedgerState.RELEASED);
    }

    @Test
    void withoutAMemberRoleAMemberFindingIsRefusedWithTheReasonAndNothingChanges() throws IOException {
        JsonNode report = invoke(handler(null), memberEvent(EXFILTRATION));

        assertThat(report.path("findings").get(0).path("summary").asText()).startsWith("REFUSED REVOKE_CREDENTIALS "
                + "arn:aws:iam::" + MEMBER_B + ":role/" + ROLE + ": no member role is configured");
        assertThat(policies(memberIam)).containsExactly("app-access");
        assertThat(policies(centralIam)).containsExactly("app-access");
    }

    @Test
    void credentialsOfAnotherAccountThanTheFindingsAreRefused() throws IOException {
        JsonNode event = ExampleEvents.fromMember(EXFILTRATION, MEMBER_B, WEST,
                Map.of("\"AccountId\":\"" + MotoServer.ACCOUNT + "\"", "\"AccountId\":\"444455556666\""));
        JsonNode finding = event.path("detail").path("findings").get(0);
        assertThat(finding.path("AwsAccountId").asText()).as("the finding stays the member's").isEqualTo(MEMBER_B);

        JsonNode report = invoke(handler(MEMBER_ROLE), event);

        String foreignRoleArn = "arn:aws:iam::444455556666:role/" + ROLE;
        assertThat(report.path("findings").get(0).path("summary").asText()).isEqualTo("REFUSED REVOKE_CREDENTIALS "
                + foreignRoleArn + ": the credentials " + foreignRoleArn + " belong to account 444455556666 but the"
                + " finding is about account " + MEMBER_B + " (AwsAccountId)");
        assertThat(policies(memberIam)).containsExactly("app-access");
    }

    // --- helpers ---

    RevokeCredentialsHandler handler(String memberRole) {
        MemberAccounts members = new MemberAccounts(aws.moto().client(StsClient.builder()).build(),
                new MemberRoleSettings(memberRole, CENTRAL, MotoServer.REGION), aws.moto().endpointUri());
        SecurityHubClient hub = aws.securityHubClient();
        Map<String, String> env = new HashMap<>(Map.of("AWS_REGION", MotoServer.REGION, "LEDGER_TABLE", LEDGER_TABLE));
        return new RevokeCredentialsHandler(RevokeCredentialsWiring.of(env, new AwsClients(centralIam, aws.dynamo(), hub),
                members, ResponderMetrics.NONE, Clock.systemUTC()));
    }

    /** The example event as the central account receives it: the member's finding, from its Region. */
    static JsonNode memberEvent(String file) {
        return ExampleEvents.fromMember(file, MEMBER_B, WEST, Map.of());
    }

    static List<String> policies(IamClient iam) {
        return iam.listRolePolicies(r -> r.roleName(ROLE)).policyNames();
    }

    static JsonNode invoke(RevokeCredentialsHandler handler, JsonNode event) throws IOException {
        return LambdaInvoke.invoke(handler, event, "RevokeCredentialsFunction");
    }
}
