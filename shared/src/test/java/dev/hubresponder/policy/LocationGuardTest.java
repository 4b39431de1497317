package dev.hubresponder.policy;

import static dev.hubresponder.policy.ResponseAction.QUARANTINE_INSTANCE;
import static dev.hubresponder.policy.ResponseAction.RELEASE_INSTANCE;
import static dev.hubresponder.policy.ResponseAction.RELEASE_TASK;
import static dev.hubresponder.policy.ResponseAction.REVOKE_CREDENTIALS;
import static dev.hubresponder.policy.ResponseAction.STOP_TASK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubresponder.config.ConfigurationException;
import dev.hubresponder.config.ResponderConfig;
import dev.hubresponder.finding.CredentialDetails;
import dev.hubresponder.finding.CustomAction;
import dev.hubresponder.finding.Ec2InstanceDetails;
import dev.hubresponder.finding.EcsTaskDetails;
import dev.hubresponder.finding.Finding;
import dev.hubresponder.finding.Resource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Where containment may act: the resource ARN's account and Region against the finding's, the partition, and the
 * allow lists. The finding of a member account ({@code 111122223333}) in {@code us-west-2}, delivered to a central
 * stack elsewhere, is planned for; a finding whose parts disagree is refused with the disagreement.
 */
class LocationGuardTest {
    static final String MEMBER = "111122223333";
    static final String OTHER = "444455556666";
    static final String INSTANCE = "i-0a1b2c3d4e5f60718";
    static final String TASK_ID = "0f3c5e1d2b4a4c6e8f0a1b2c3d4e5f60";

    @Test
    void aMemberAccountsInstanceInItsOwnRegionIsQuarantined() {
        Decision d = decide(Map.of(), finding(MEMBER, "us-west-2", instance(MEMBER, "us-west-2", "us-west-2")));

        assertThat(d.actionsOf(QUARANTINE_INSTANCE)).singleElement().extracting(PlannedAction::target)
                .isEqualTo(INSTANCE);
        assertThat(d.refusalsOf(QUARANTINE_INSTANCE)).isEmpty();
    }

    @Test
    void anInstanceArnNamingAnotherAccountThanTheFindingIsRefused() {
        Decision d = decide(Map.of(), finding(MEMBER, "us-west-2", instance(OTHER, "us-west-2", "us-west-2")));

        assertThat(d.actionsOf(QUARANTINE_INSTANCE)).isEmpty();
        assertThat(reason(d, QUARANTINE_INSTANCE)).isEqualTo("the resource ARN arn:aws:ec2:us-west-2:" + OTHER
                + ":instance/" + INSTANCE + " names account " + OTHER + " but the finding is about account " + MEMBER
                + " (AwsAccountId)");
    }

    @Test
    void anInstanceArnNamingAnotherRegionThanTheFindingIsRefused() {
        Decision d = decide(Map.of(), finding(MEMBER, "eu-west-1", instance(MEMBER, "us-west-2", null)));

        assertThat(reason(d, QUARANTINE_INSTANCE)).isEqualTo("the resource ARN arn:aws:ec2:us-west-2:" + MEMBER
                + ":instance/" + INSTANCE + " names Region us-west-2 but the finding is from eu-west-1 (Region)");
    }

    @Test
    void aResourceRegionFieldThatDisagreesWithItsArnIsRefused() {
        Decision d = decide(Map.of(), finding(MEMBER, "us-west-2", instance(MEMBER, "us-west-2", "eu-west-1")));

        assertThat(reason(d, QUARANTINE_INSTANCE)).endsWith("names Region us-west-2 but the resource's Region field"
                + " says eu-west-1");
    }

    @Test
    void anUnknownPartitionIsRefused() {
        Resource resource = new Resource("AwsEc2Instance", "arn:aws-mars:ec2:us-west-2:" + MEMBER + ":instance/"
                + INSTANCE, "us-west-2", Map.of(), ec2(), null);

        Decision d = decide(Map.of(), finding(MEMBER, "us-west-2", resource));

        assertThat(reason(d, QUARANTINE_INSTANCE)).contains("partition 'aws-mars', which the responder does not"
                + " know");
    }

    @Test
    void aTaskArnNamingAnotherAccountIsRefusedToo() {
        Decision d = decide(Map.of(), finding(MEMBER, "us-west-2", task(OTHER, "us-west-2")));

        assertThat(d.actionsOf(STOP_TASK)).isEmpty();
        assertThat(reason(d, STOP_TASK)).contains("names account " + OTHER + " but the finding is about account "
                + MEMBER);
    }

    @Test
    void regionsOutsideTheAllowListAreRefused() {
        Decision d = decide(Map.of("RESPONDER_ALLOWED_REGIONS", "us-east-1,eu-west-1"),
                finding(MEMBER, "us-west-2", instance(MEMBER, "us-west-2", "us-west-2")));

        assertThat(reason(d, QUARANTINE_INSTANCE)).isEqualTo("Region us-west-2 is not in RESPONDER_ALLOWED_REGIONS");
    }

    @Test
    void accountsOutsideTheAllowListAreRefusedByTheResourcesAccount() {
        Decision d = decide(Map.of("RESPONDER_ALLOWED_ACCOUNTS", "123456789012"),
                finding(MEMBER, "us-west-2", task(MEMBER, "us-west-2")));

        assertThat(reason(d, STOP_TASK)).isEqualTo("account " + MEMBER + " is not in RESPONDER_ALLOWED_ACCOUNTS");
    }

    @Test
    void releaseIsCheckedLikeContainment() {
        CustomAction release = new CustomAction("arn:aws:securityhub:us-east-1:123456789012:action/custom/"
                + "HubRespRelease", "HubRespRelease", "Release resource", "");

        Decision d = decide(Map.of(), finding(MEMBER, "us-west-2", instance(OTHER, "us-west-2", "us-west-2"),
                task(MEMBER, "us-west-2")), release);

        assertThat(d.actionsOf(RELEASE_INSTANCE)).isEmpty();
        assertThat(reason(d, RELEASE_INSTANCE)).contains("names account " + OTHER);
        assertThat(d.actionsOf(RELEASE_TASK)).singleElement().extracting(PlannedAction::target)
                .isEqualTo(taskArn(MEMBER, "us-west-2"));
    }

    @Test
    void aMemberAccountsRoleSessionIsRevokedThere() {
        Decision d = decide(Map.of(), finding(MEMBER, "us-west-2", roleSession(MEMBER, MEMBER)), REVOKE);

        assertThat(d.actionsOf(REVOKE_CREDENTIALS)).singleElement().extracting(PlannedAction::target)
                .isEqualTo(roleArn(MEMBER));
        assertThat(d.refusalsOf(REVOKE_CREDENTIALS)).isEmpty();
    }

    @Test
    void credentialsOfAnotherAccountThanTheFindingAreRefused() {
        Decision d = decide(Map.of(), finding(MEMBER, "us-west-2", roleSession(OTHER, OTHER)), REVOKE);

        assertThat(d.actionsOf(REVOKE_CREDENTIALS)).isEmpty();
        assertThat(reason(d, REVOKE_CREDENTIALS)).isEqualTo("the credentials " + roleArn(OTHER) + " belong to account "
                + OTHER + " but the finding is about account " + MEMBER + " (AwsAccountId)");
    }

    @Test
    void aSessionWhoseRoleIsInAnotherAccountThanItsKeyIsRefused() {
        Decision d = decide(Map.of(), finding(MEMBER, "us-west-2", roleSession(MEMBER, OTHER)), REVOKE);

        assertThat(reason(d, REVOKE_CREDENTIALS)).isEqualTo("the role " + roleArn(OTHER) + " is not in account "
                + MEMBER + ", which the credentials name");
    }

    @Test
    void credentialsOfAFindingFromARegionOutsideTheAllowListAreRefused() {
        Decision d = decide(Map.of("RESPONDER_ALLOWED_REGIONS", "us-east-1"),
                finding(MEMBER, "us-west-2", roleSession(MEMBER, MEMBER)), REVOKE);

        assertThat(reason(d, REVOKE_CREDENTIALS)).isEqualTo("Region us-west-2 is not in RESPONDER_ALLOWED_REGIONS");
    }

    @Test
    void aRegionThatIsNotARegionNameStopsTheConfiguration() {
        assertThatThrownBy(() -> ResponderConfig.fromEnv(Map.of("RESPONDER_ALLOWED_REGIONS", "us-west-2,oregon")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("RESPONDER_ALLOWED_REGIONS: 'oregon' is not a Region name (us-west-2)");
    }

    private static final CustomAction REVOKE = new CustomAction("arn:aws:securityhub:us-east-1:123456789012:action/"
            + "custom/HubRespRevoke", "HubRespRevoke", "Revoke credentials", "");

    private static Decision decide(Map<String, String> env, Finding finding) {
        return decide(env, finding, null);
    }

    private static Decision decide(Map<String, String> env, Finding finding, CustomAction action) {
        return new ResponsePolicy(ResponderConfig.fromEnv(env)).decide(finding, action);
    }

    private static String reason(Decision d, ResponseAction action) {
        assertThat(d.refusalsOf(action)).hasSize(1);
        return d.refusalsOf(action).get(0).reason();
    }

    /** A CRITICAL GuardDuty ACTOR finding about {@code account} from {@code region}, naming these resources. */
    static Finding finding(String account, String region, Resource... resources) {
        Finding base = FindingBuilder.threat().account(account).build();
        return new Finding(base.schema(), "arn:aws:guardduty:" + region + ":" + account + ":detector/d1/finding/f1",
                "arn:aws:securityhub:" + region + "::product/aws/guardduty", base.productName(), base.companyName(),
                account, region, base.types(), base.severity(), base.normalizedScore(), base.recordState(),
                base.workflowStatus(), base.title(), base.description(), base.createdAt(), base.updatedAt(),
                base.firstObservedAt(), List.of(resources), List.of(), base.resourceRole(), Map.of(), null);
    }

    static Resource instance(String arnAccount, String arnRegion, String regionField) {
        return new Resource("AwsEc2Instance", "arn:aws:ec2:" + arnRegion + ":" + arnAccount + ":instance/" + INSTANCE,
                regionField, Map.of(), ec2(), null);
    }

    static Resource task(String arnAccount, String arnRegion) {
        String arn = taskArn(arnAccount, arnRegion);
        return new Resource("AwsEcsTask", arn, arnRegion, Map.of(), null, new EcsTaskDetails("arn:aws:ecs:"
                + arnRegion + ":" + arnAccount + ":cluster/prod", arn, null, null, null));
    }

    /** The access key of a session of role {@code web} in {@code roleAccount}, as a key of {@code keyAccount}. */
    static Resource roleSession(String keyAccount, String roleAccount) {
        CredentialDetails session = new CredentialDetails(CredentialDetails.Kind.ROLE_SESSION, "ASIA5EXAMPLEQ7RSTUVW",
                "AssumedRole", "AROA5EXAMPLE:i-0a1b2c3d", null, "web", roleArn(roleAccount), "/", keyAccount,
                List.of());
        return new Resource("AwsIamAccessKey", "AWS::IAM::AccessKey:ASIA5EXAMPLEQ7RSTUVW", null, Map.of(), null, null,
                session);
    }

    static String roleArn(String account) {
        return "arn:aws:iam::" + account + ":role/web";
    }

    static String taskArn(String account, String region) {
        return "arn:aws:ecs:" + region + ":" + account + ":task/prod/" + TASK_ID;
    }

    private static Ec2InstanceDetails ec2() {
        return new Ec2InstanceDetails(INSTANCE, "vpc-0abc", "subnet-0abc", List.of(), List.of());
    }
}
