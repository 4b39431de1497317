package dev.hubresponder.aws.member;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubresponder.action.Reach;
import dev.hubresponder.action.RetryableActionException;
import dev.hubresponder.finding.ResourceLocation;
import dev.hubresponder.testkit.MotoServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * Reaching member accounts through STS, against moto (which grants any AssumeRole: aws-facts §9) with AWS's
 * refusals injected where moto cannot give them. What is observed: which account the returned clients land in,
 * the AssumeRole requests sent (role, session name, source identity), and the refusal text.
 * Preconditions: {@code moto_server} installed.
 */
class MemberAccountsTest {
    static final String CENTRAL = MotoServer.ACCOUNT;
    static final String MEMBER = "111122223333";
    static final ResourceLocation MEMBER_WEST = new ResourceLocation("aws", MEMBER, "us-west-2");
    static final String FINDING = "arn:aws:guardduty:us-west-2:111122223333:detector/d1/finding/"
            + "a4c6f0e2b8d94e1f8c2a6b3d5e7f9012";

    static MotoServer moto;
    final List<AssumeRoleRequest> assumed = new ArrayList<>();
    StsException answer;

    @BeforeAll
    static void start() {
        moto = MotoServer.start();
    }

    @AfterAll
    static void stop() {
        moto.close();
    }

    @BeforeEach
    void reset() {
        moto.reset();
        assumed.clear();
        answer = null;
    }

    @Test
    void aMemberAccountIsReachedThroughItsRoleWithASessionNamingTheFinding() {
        MemberClients<StsClient> identity = identities(members("HubResponderMember"));

        Reach<StsClient> reach = identity.at(MEMBER_WEST, FINDING);

        assertThat(reach.reached()).isTrue();
        assertThat(reach.value().getCallerIdentity().account()).isEqualTo(MEMBER);
        assertThat(assumed).singleElement().satisfies(r -> {
            assertThat(r.roleArn()).isEqualTo("arn:aws:iam::111122223333:role/HubResponderMember");
            assertThat(r.roleSessionName()).isEqualTo("hub-responder-a4c6f0e2b8d94e1f8c2a6b3d5e7f9012");
            assertThat(r.sourceIdentity()).isEqualTo(r.roleSessionName());
            assertThat(r.durationSeconds()).isEqualTo(900);
        });
    }

    @Test
    void credentialsAreReusedForTheSameAccountAndFindingAcrossRegions() {
        MemberClients<StsClient> identity = identities(members("HubResponderMember"));

        identity.at(MEMBER_WEST, FINDING);
        identity.at(new ResourceLocation("aws", MEMBER, "eu-west-1"), FINDING);
        identity.at(MEMBER_WEST, FINDING);

        assertThat(assumed).hasSize(1);
    }

    @Test
    void theStacksOwnAccountAndRegionUseTheFunctionsOwnClientsWithoutAssumingARole() {
        StsClient home = moto.client(StsClient.builder()).build();
        MemberClients<StsClient> identity = new MemberClients<>(home, members(null), (region, credentials) -> {
            throw new AssertionError("no client is built for the stack's own account and Region");
        });

        Reach<StsClient> reach = identity.at(new ResourceLocation("aws", CENTRAL, MotoServer.REGION), FINDING);

        assertThat(reach.value()).isSameAs(home);
        assertThat(assumed).isEmpty();
    }

    @Test
    void theStacksOwnAccountInAnotherRegionIsReachedThroughTheMemberRoleToo() {
        identities(members("HubResponderMember")).at(new ResourceLocation("aws", CENTRAL, "us-west-2"), FINDING);

        assertThat(assumed).singleElement().extracting(AssumeRoleRequest::roleArn)
                .isEqualTo("arn:aws:iam::123456789012:role/HubResponderMember");
    }

    @Test
    void aDeniedAssumeRoleIsARefusalNamingTheAccount() {
        answer = (StsException) StsException.builder().statusCode(403).message("not authorized")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDenied")
                        .errorMessage("User is not authorized to perform: sts:AssumeRole").build()).build();

        Reach<StsClient> reach = identities(members("HubResponderMember")).at(MEMBER_WEST, FINDING);

        assertThat(reach.refusal()).isEqualTo("member role missing in 111122223333: AssumeRole on "
                + "arn:aws:iam::111122223333:role/HubResponderMember was denied (AccessDenied: User is not authorized"
                + " to perform: sts:AssumeRole); deploy the member role there (templates/member-role.yaml as a"
                + " StackSet) or check that it trusts this function's role");
    }

    @Test
    void aThrottledAssumeRoleIsWorthRetrying() {
        answer = (StsException) StsException.builder().statusCode(400).message("Rate exceeded")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("Throttling").errorMessage("Rate exceeded")
                        .build()).build();

        assertThatThrownBy(() -> identities(members("HubResponderMember")).at(MEMBER_WEST, FINDING))
                .isInstanceOf(RetryableActionException.class)
                .hasMessage("AssumeRole into arn:aws:iam::111122223333:role/HubResponderMember failed, worth "
                        + "retrying: Throttling: Rate exceeded");
    }

    @Test
    void withoutAMemberRoleOnlyTheStacksOwnAccountAndRegionAreReached() {
        Reach<StsClient> reach = identities(members(null)).at(MEMBER_WEST, FINDING);

        assertThat(reach.refusal()).startsWith("no member role is configured");
        assertThat(assumed).isEmpty();
    }

    @Test
    void theStacksOwnAccountIsLearnedFromStsWhenNotConfigured() {
        MemberAccounts members = new MemberAccounts(sts(), new MemberRoleSettings(null, null, MotoServer.REGION),
                moto.endpointUri());

        assertThat(members.access(new ResourceLocation("aws", CENTRAL, MotoServer.REGION), FINDING))
                .isInstanceOf(MemberAccounts.Access.Home.class);
    }

    @Test
    void sessionNamesKeepTheEndOfLongIdsAndOnlyAllowedCharacters() {
        assertThat(SessionNames.forFinding("custom/finding id:with spaces")).isEqualTo(
                "hub-responder-finding-id-with-spaces");
        assertThat(SessionNames.forFinding("x".repeat(40) + "0123456789")).hasSize(64).endsWith("0123456789");
    }

    MemberAccounts members(String role) {
        return new MemberAccounts(sts(), new MemberRoleSettings(role, CENTRAL, MotoServer.REGION),
                moto.endpointUri());
    }

    /** Callers' identity in each account: whom the returned clients act as. */
    MemberClients<StsClient> identities(MemberAccounts members) {
        return new MemberClients<>(moto.client(StsClient.builder()).build(), members,
                (region, credentials) -> members.configure(StsClient.builder(), region, credentials)
                        .httpClient(UrlConnectionHttpClient.create())
                        .build());
    }

    /** STS on moto, recording AssumeRole requests and answering with {@link #answer} when one is set. */
    StsClient sts() {
        ExecutionInterceptor recorder = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                SdkRequest request = context.request();
                if (request instanceof AssumeRoleRequest assumeRole) {
                    assumed.add(assumeRole);
                    if (answer != null) {
                        throw answer;
                    }
                }
            }
        };
        return moto.client(StsClient.builder()).overrideConfiguration(c -> c.addExecutionInterceptor(recorder))
                .build();
    }
}
