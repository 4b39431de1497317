package dev.hubresponder.functions.ec2;

import static dev.hubresponder.testkit.StageEmulators.LEDGER_TABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static dev.hubresponder.testkit.Organization.CENTRAL;
import static dev.hubresponder.testkit.Organization.EU;
import static dev.hubresponder.testkit.Organization.MEMBER_B;
import static dev.hubresponder.testkit.Organization.MEMBER_C;
import static dev.hubresponder.testkit.Organization.MEMBER_ROLE;
import static dev.hubresponder.testkit.Organization.WEST;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubresponder.aws.ledger.DynamoDbActionLedger;
import dev.hubresponder.aws.ledger.LedgerTable;
import dev.hubresponder.aws.member.MemberAccounts;
import dev.hubresponder.aws.member.MemberRoleSettings;
import dev.hubresponder.functions.ec2.QuarantineWiring.AwsClients;
import dev.hubresponder.ledger.ActedIn;
import dev.hubresponder.ledger.LedgerEntry;
import dev.hubresponder.ledger.LedgerState;
import dev.hubresponder.metrics.ResponderMetrics;
import dev.hubresponder.policy.ResponseAction;
import dev.hubresponder.testkit.EmulatedAccount;
import dev.hubresponder.testkit.EmulatedAccount.WebTier;
import dev.hubresponder.testkit.ExampleEvents;
import dev.hubresponder.testkit.LambdaInvoke;
import dev.hubresponder.testkit.MotoServer;
import dev.hubresponder.testkit.StageEmulators;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.InstanceAttributeName;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * One central stack for an organization, against moto serving a central account ({@code 123456789012}, the stack
 * in {@code us-east-1}) and two member accounts, each with an instance in {@code us-west-2} and {@code eu-west-1}
 * (aws-facts §9: with {@code MOTO_ACCOUNT_ID} unset, AssumeRole into an account's role returns credentials whose
 * calls land in that account, and each Region is separate). The function reaches member accounts only through STS
 * AssumeRole into {@code HubResponderMember}, as in AWS; the test builds the member estates with moto's account
 * header. Preconditions: {@code moto_server} installed; WireMock on 127.0.0.1 answers Security Hub's
 * {@code BatchUpdateFindings}.
 *
 * <p>What is asserted is what a user would see: each instance's termination protection, Auto Scaling state and
 * tags in its own account and Region, quarantine groups, and the ledger records with the account and Region they
 * acted in.
 */
class OrganizationQuarantineTest {
    static final String C2_EVENT = "guardduty-ec2-c2-actor-high.json";
    static final String RELEASE_EVENT = "custom-action-release.json";

    @RegisterExtension
    static final StageEmulators aws = new StageEmulators(LedgerTable::create);

    EmulatedAccount central;
    EmulatedAccount bWest;
    EmulatedAccount bEu;
    EmulatedAccount cWest;
    WebTier centralTier;
    WebTier bWestTier;
    WebTier bEuTier;
    WebTier cWestTier;
    DynamoDbActionLedger ledger;

    @BeforeEach
    void organization() {
        aws.reset();
        ledger = new DynamoDbActionLedger(aws.dynamo(), LEDGER_TABLE);
        central = EmulatedAccount.on(aws.moto());
        bWest = EmulatedAccount.in(aws.moto(), MEMBER_B, WEST);
        bEu = EmulatedAccount.in(aws.moto(), MEMBER_B, EU);
        cWest = EmulatedAccount.in(aws.moto(), MEMBER_C, WEST);
        centralTier = central.webTier("web", Map.of());
        bWestTier = bWest.webTier("web", Map.of());
        bEuTier = bEu.webTier("web", Map.of());
        cWestTier = cWest.webTier("web", Map.of());
    }

    @AfterEach
    void closeAccounts() {
        List.of(central, bWest, bEu, cWest).forEach(EmulatedAccount::close);
    }

    @Test
    void aMemberFindingQuarantinesTheMembersInstanceInItsRegionAndNothingElse() throws IOException {
        JsonNode report = invoke(handler(MEMBER_ROLE), memberEvent(C2_EVENT, MEMBER_B, WEST, bWestTier.instanceId()));

        assertThat(report.path("findings").get(0).path("summary").asText())
                .startsWith("DONE QUARANTINE_INSTANCE " + bWestTier.instanceId());
        assertQuarantined(bWest, bWestTier);
        assertUntouched(central, centralTier);
        assertUntouched(bEu, bEuTier);
        assertUntouched(cWest, cWestTier);
        assertThat(List.of(central, bEu, cWest)).as("quarantine groups anywhere else").allSatisfy(
                account -> assertThat(quarantineGroups(account)).isEmpty());
        LedgerEntry record = quarantineRecord(bWestTier.instanceId());
        assertThat(record.state()).isEqualTo(LedgerState.DONE);
        assertThat(record.accountId()).isEqualTo(MEMBER_B);
        assertThat(record.artifacts()).containsEntry(ActedIn.ACCOUNT, MEMBER_B).containsEntry(ActedIn.REGION, WEST);
    }

    @Test
    void theReleaseCustomActionRestoresTheMembersInstanceThroughItsRole() throws IOException {
        MemberAccounts members = members(MEMBER_ROLE);
        QuarantineInstanceHandler handler = handler(members);
        invoke(handler, memberEvent(C2_EVENT, MEMBER_B, WEST, bWestTier.instanceId()));

        JsonNode report = invoke(handler, memberEvent(RELEASE_EVENT, MEMBER_B, WEST, bWestTier.instanceId()));

        assertThat(report.path("findings").get(0).path("summary").asText())
                .startsWith("DONE RELEASE_INSTANCE " + bWestTier.instanceId());
        assertUntouched(bWest, bWestTier);
        assertThat(quarantineRecord(bWestTier.instanceId()).state()).isEqualTo(LedgerState.RELEASED);
        assertThat(ledger.findByTarget(bWestTier.instanceId())).filteredOn(e -> e.key().action()
                        == ResponseAction.RELEASE_INSTANCE).singleElement()
                .satisfies(e -> assertThat(e.artifacts()).containsEntry(ActedIn.ACCOUNT, MEMBER_B)
                        .containsEntry(ActedIn.REGION, WEST));
    }

    @Test
    void aFindingWhoseArnNamesAnotherAccountIsRefusedAndNothingChanges() throws IOException {
        ObjectNode event = memberEvent(C2_EVENT, MEMBER_B, WEST, cWestTier.instanceId());
        ObjectNode resource = (ObjectNode) event.path("detail").path("findings").get(0).path("Resources").get(0);
        String foreignArn = "arn:aws:ec2:" + WEST + ":" + MEMBER_C + ":instance/" + cWestTier.instanceId();
        resource.put("Id", foreignArn);

        JsonNode report = invoke(handler(MEMBER_ROLE), event);

        assertThat(report.path("findings").get(0).path("summary").asText()).isEqualTo("REFUSED QUARANTINE_INSTANCE "
                + cWestTier.instanceId() + ": the resource ARN " + foreignArn + " names account " + MEMBER_C
                + " but the finding is about account " + MEMBER_B + " (AwsAccountId)");
        assertUntouched(cWest, cWestTier);
        assertUntouched(bWest, bWestTier);
        assertThat(quarantineRecord(cWestTier.instanceId()).state()).isEqualTo(LedgerState.REFUSED);
    }

    @Test
    void withoutAMemberRoleAMemberFindingIsRefusedWithTheReason() throws IOException {
        JsonNode report = invoke(handler((String) null), memberEvent(C2_EVENT, MEMBER_B, WEST,
                bWestTier.instanceId()));

        assertThat(report.path("findings").get(0).path("summary").asText()).isEqualTo("REFUSED QUARANTINE_INSTANCE "
                + bWestTier.instanceId() + ": " + bWestTier.instanceId() + " in account " + MEMBER_B + " in " + WEST
                + " cannot be reached: no member role is configured (MemberRoleName, RESPONDER_MEMBER_ROLE_NAME), so"
                + " this stack acts only in its own account " + CENTRAL + " in us-east-1 (docs/organization.md)");
        assertUntouched(bWest, bWestTier);
    }

    @Test
    void theStacksOwnAccountAndRegionNeedNoMemberRole() throws IOException {
        JsonNode report = invoke(handler((String) null), memberEvent(C2_EVENT, CENTRAL, MotoServer.REGION,
                centralTier.instanceId()));

        assertThat(report.path("findings").get(0).path("summary").asText())
                .startsWith("DONE QUARANTINE_INSTANCE " + centralTier.instanceId());
        assertQuarantined(central, centralTier);
        assertUntouched(bWest, bWestTier);
    }

    @Test
    void aMemberWithoutTheRoleIsRefusedWithoutRetryAndRecorded() throws IOException {
        ExecutionInterceptor deniedInC = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof AssumeRoleRequest assume && assume.roleArn().contains(MEMBER_C)) {
                    throw StsException.builder().statusCode(403).awsErrorDetails(AwsErrorDetails.builder()
                            .errorCode("AccessDenied").errorMessage("not authorized to perform sts:AssumeRole")
                            .build()).build();
                }
            }
        };
        MemberAccounts members = new MemberAccounts(aws.moto().client(StsClient.builder())
                .overrideConfiguration(c -> c.addExecutionInterceptor(deniedInC)).build(),
                new MemberRoleSettings(MEMBER_ROLE, CENTRAL, MotoServer.REGION), aws.moto().endpointUri());

        JsonNode report = invoke(handler(members), memberEvent(C2_EVENT, MEMBER_C, WEST, cWestTier.instanceId()));

        assertThat(report.path("findings").get(0).path("summary").asText()).startsWith("REFUSED QUARANTINE_INSTANCE "
                + cWestTier.instanceId() + ": " + cWestTier.instanceId() + " in account " + MEMBER_C + " in " + WEST
                + " cannot be reached: member role missing in " + MEMBER_C + ": AssumeRole on arn:aws:iam::"
                + MEMBER_C + ":role/" + MEMBER_ROLE + " was denied");
        assertUntouched(cWest, cWestTier);
        assertThat(quarantineRecord(cWestTier.instanceId()).state()).isEqualTo(LedgerState.REFUSED);
    }

    @Test
    void inShadowModeAMemberFindingIsRecordedWithWhereAndWhatItWouldDoAndNothingChanges() throws IOException {
        JsonNode report = invoke(handler(members(MEMBER_ROLE), Map.of("RESPONDER_SHADOW_MODE", "true")),
                memberEvent(C2_EVENT, MEMBER_B, WEST, bWestTier.instanceId()));

        assertThat(report.path("findings").get(0).path("summary").asText())
                .startsWith("SHADOW QUARANTINE_INSTANCE " + bWestTier.instanceId());
        assertUntouched(bWest, bWestTier);
        LedgerEntry record = quarantineRecord(bWestTier.instanceId());
        assertThat(record.state()).isEqualTo(LedgerState.SHADOW);
        assertThat(record.artifacts()).containsEntry(ActedIn.ACCOUNT, MEMBER_B).containsEntry(ActedIn.REGION, WEST)
                .containsKey("wouldDo");
    }

    // --- helpers ---

    QuarantineInstanceHandler handler(String memberRole) {
        return handler(members(memberRole));
    }

    QuarantineInstanceHandler handler(MemberAccounts members) {
        return handler(members, Map.of());
    }

    QuarantineInstanceHandler handler(MemberAccounts members, Map<String, String> overrides) {
        URI endpoint = aws.moto().endpointUri();
        AwsClients clients = new AwsClients(EmulatedAccount.ec2Client(endpoint),
                EmulatedAccount.autoScalingClient(endpoint), EmulatedAccount.elbClient(endpoint), aws.dynamo(),
                aws.securityHubClient());
        Map<String, String> env = new HashMap<>(Map.of("AWS_REGION", MotoServer.REGION, "LEDGER_TABLE", LEDGER_TABLE));
        env.putAll(overrides);
        return new QuarantineInstanceHandler(QuarantineWiring.of(env, clients, members, ResponderMetrics.NONE,
                Clock.systemUTC()));
    }

    /** The central stack's view of the organization: STS in its own Region, on the central account's credentials. */
    static MemberAccounts members(String memberRole) {
        return new MemberAccounts(aws.moto().client(StsClient.builder()).build(),
                new MemberRoleSettings(memberRole, CENTRAL, MotoServer.REGION), aws.moto().endpointUri());
    }

    JsonNode invoke(QuarantineInstanceHandler handler, JsonNode event) throws IOException {
        return LambdaInvoke.invoke(handler, event, "QuarantineInstanceFunction");
    }

    /** An example event from a member's Region, naming its instance instead of the example's. */
    static ObjectNode memberEvent(String file, String account, String region, String instanceId) {
        return ExampleEvents.fromMember(file, account, region, Map.of(QuarantineInstanceHandlerTest.C2_INSTANCE,
                instanceId, QuarantineInstanceHandlerTest.RELEASE_INSTANCE, instanceId));
    }

    LedgerEntry quarantineRecord(String instanceId) {
        return ledger.findByTarget(instanceId).stream()
                .filter(e -> e.key().action() == ResponseAction.QUARANTINE_INSTANCE)
                .findFirst().orElseThrow();
    }

    static void assertQuarantined(EmulatedAccount account, WebTier tier) {
        assertThat(terminationProtection(account, tier)).as("termination protection").isTrue();
        assertThat(lifecycleState(account, tier)).isEqualTo("Standby");
        assertThat(tagKeys(account, tier)).contains("hub-responder:quarantined");
        assertThat(quarantineGroups(account)).isNotEmpty();
    }

    static void assertUntouched(EmulatedAccount account, WebTier tier) {
        assertThat(terminationProtection(account, tier)).as("termination protection").isFalse();
        assertThat(lifecycleState(account, tier)).isEqualTo("InService");
        assertThat(tagKeys(account, tier)).noneMatch(k -> k.startsWith("hub-responder:"));
    }

    static boolean terminationProtection(EmulatedAccount account, WebTier tier) {
        return account.ec2().describeInstanceAttribute(r -> r.instanceId(tier.instanceId())
                .attribute(InstanceAttributeName.DISABLE_API_TERMINATION)).disableApiTermination().value();
    }

    static String lifecycleState(EmulatedAccount account, WebTier tier) {
        return account.autoScaling().describeAutoScalingInstances(r -> r.instanceIds(tier.instanceId()))
                .autoScalingInstances().get(0).lifecycleState();
    }

    static List<String> tagKeys(EmulatedAccount account, WebTier tier) {
        return account.describe(tier.instanceId()).tags().stream().map(t -> t.key()).toList();
    }

    static List<String> quarantineGroups(EmulatedAccount account) {
        return account.ec2().describeSecurityGroups(r -> r.filters(Filter.builder().name("tag-key")
                .values("hub-responder:quarantine-group").build())).securityGroups().stream()
                .map(g -> g.groupId()).toList();
    }
}
