package dev.hubresponder.aws.member;

import dev.hubresponder.action.RetryableActionException;
import dev.hubresponder.aws.LambdaSdk;
import dev.hubresponder.finding.ResourceLocation;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.RegionMetadata;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;

/**
 * Who acts in an account and Region: the function's own role in the stack's own account and Region (a
 * single-account deployment needs nothing more), the member role everywhere else.
 *
 * <p>The member role is assumed through the STS client given here, built for the function's own Region: the SDK
 * then calls the regional endpoint ({@code sts.<region>.amazonaws.com}), whose session tokens are valid in every
 * Region, opt-in ones included. Each session is named after the finding ({@link SessionNames}), as the role
 * session name and the source identity, so that the member account's CloudTrail says which finding caused each
 * change. Credentials last {@link #SESSION} and are reused, per account and finding, until {@link #REFRESH_BEFORE}
 * before they expire (the SDK's {@link StsAssumeRoleCredentialsProvider} cache); nothing is fetched at init.
 *
 * <p>AssumeRole denied is a refusal, not a failure worth retrying: the role is missing or does not trust this
 * function, and a retry would be denied again. Throttling, STS 5xx and network failures are retryable.
 */
public final class MemberAccounts {
    /** The shortest session STS allows: a containment lasts seconds, a release too. */
    public static final Duration SESSION = Duration.ofMinutes(15);
    /** A cached session is renewed this long before it expires, so that no call runs on expiring credentials. */
    public static final Duration REFRESH_BEFORE = Duration.ofMinutes(5);
    /** Sessions kept at once: one per account and finding being worked on; a warm function sees few. */
    private static final int MAX_SESSIONS = 32;

    private final StsClient sts;
    private final MemberRoleSettings settings;
    private final URI endpointOverride;
    private final Map<String, StsAssumeRoleCredentialsProvider> sessions = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, StsAssumeRoleCredentialsProvider> eldest) {
            if (size() > MAX_SESSIONS) {
                eldest.getValue().close();
                return true;
            }
            return false;
        }
    };
    private volatile String homeAccount;

    /**
     * @param sts              an STS client for the function's Region, built once at init
     * @param settings         the member role name and the stack's own account and Region
     * @param endpointOverride where member-account clients are sent instead of AWS (an emulator in tests); null in
     *                         production, where {@code AWS_ENDPOINT_URL*} still apply as the SDK reads them
     */
    public MemberAccounts(StsClient sts, MemberRoleSettings settings, URI endpointOverride) {
        this.sts = Objects.requireNonNull(sts, "sts");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.endpointOverride = endpointOverride;
        this.homeAccount = settings.homeAccount();
    }

    /**
     * Production: STS for {@code AWS_REGION} on the execution role's credentials (nothing is called until a member
     * account is first reached), the settings from {@code RESPONDER_MEMBER_ROLE_NAME} and
     * {@code RESPONDER_HOME_ACCOUNT}.
     */
    public static MemberAccounts fromEnv(Map<String, String> env) {
        MemberRoleSettings settings = MemberRoleSettings.fromEnv(env);
        StsClient sts = LambdaSdk.configure(StsClient.builder(), env).httpClient(UrlConnectionHttpClient.create())
                .build();
        return new MemberAccounts(sts, settings, null);
    }

    /** How to act in one account and Region. */
    public sealed interface Access {
        /** The stack's own account and Region: the function's own clients. */
        record Home() implements Access {
        }

        /** Another account or Region: clients on these credentials, cached under {@code session}. */
        record Assumed(AwsCredentialsProvider credentials, String session) implements Access {
        }

        /** Cannot act there, and retrying would not change that. */
        record Refused(String reason) implements Access {
        }
    }

    /**
     * How to act in {@code where} for a finding.
     *
     * @throws RetryableActionException when STS throttled, failed or could not be reached
     */
    public Access access(ResourceLocation where, String findingId) {
        String home = homeAccount();
        if (where.accountId().equals(home) && where.region().equals(settings.homeRegion())) {
            return new Access.Home();
        }
        String partition = partitionOf(settings.homeRegion());
        if (!where.partition().equals(partition)) {
            return new Access.Refused("the resource is in partition " + where.partition() + " and this stack in "
                    + partition + "; roles cannot be assumed across partitions");
        }
        if (settings.roleName() == null) {
            return new Access.Refused("no member role is configured (MemberRoleName, RESPONDER_MEMBER_ROLE_NAME), so"
                    + " this stack acts only in its own account " + home + " in " + settings.homeRegion()
                    + " (docs/organization.md)");
        }
        String roleArn = "arn:" + where.partition() + ":iam::" + where.accountId() + ":role/" + settings.roleName();
        String session = SessionNames.forFinding(findingId);
        StsAssumeRoleCredentialsProvider credentials;
        synchronized (sessions) {
            credentials = sessions.computeIfAbsent(roleArn + "|" + session, key -> provider(roleArn, session));
        }
        try {
            credentials.resolveCredentials();
        } catch (SdkException e) {
            synchronized (sessions) {
                sessions.remove(roleArn + "|" + session);
            }
            return new Access.Refused(refusalOrThrow(where, roleArn, e));
        }
        return new Access.Assumed(credentials, roleArn + "|" + session);
    }

    /**
     * A client builder set up to act in {@code region} on {@code credentials}: the member account's clients are
     * built with it.
     */
    public <B extends AwsClientBuilder<B, C>, C> B configure(B builder, Region region,
                                                            AwsCredentialsProvider credentials) {
        B configured = builder.region(region).credentialsProvider(credentials);
        return endpointOverride == null ? configured : configured.endpointOverride(endpointOverride);
    }

    private StsAssumeRoleCredentialsProvider provider(String roleArn, String session) {
        AssumeRoleRequest request = AssumeRoleRequest.builder()
                .roleArn(roleArn)
                .roleSessionName(session)
                .sourceIdentity(session)
                .durationSeconds((int) SESSION.toSeconds())
                .build();
        return StsAssumeRoleCredentialsProvider.builder()
                .stsClient(sts)
                .refreshRequest(request)
                .prefetchTime(REFRESH_BEFORE)
                .staleTime(Duration.ofMinutes(1))
                .asyncCredentialUpdateEnabled(false)
                .build();
    }

    private String homeAccount() {
        String known = homeAccount;
        if (known != null) {
            return known;
        }
        try {
            known = sts.getCallerIdentity().account();
        } catch (SdkException e) {
            throw new RetryableActionException("the stack's own account could not be learned from STS"
                    + " GetCallerIdentity (set RESPONDER_HOME_ACCOUNT): " + describe(e), e);
        }
        homeAccount = known;
        return known;
    }

    private static String refusalOrThrow(ResourceLocation where, String roleArn, SdkException e) {
        AwsServiceException service = serviceException(e);
        if (service == null || service.isThrottlingException() || service.statusCode() >= 500) {
            throw new RetryableActionException("AssumeRole into " + roleArn + " failed, worth retrying: "
                    + describe(e), e);
        }
        String code = service.awsErrorDetails() == null ? "" : service.awsErrorDetails().errorCode();
        if ("AccessDenied".equals(code) || "AccessDeniedException".equals(code)) {
            return "member role missing in " + where.accountId() + ": AssumeRole on " + roleArn + " was denied ("
                    + describe(service) + "); deploy the member role there (templates/member-role.yaml as a"
                    + " StackSet) or check that it trusts this function's role";
        }
        return "AssumeRole into " + roleArn + " failed: " + describe(service);
    }

    private static AwsServiceException serviceException(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof AwsServiceException service) {
                return service;
            }
        }
        return null;
    }

    private static String describe(SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            return service.awsErrorDetails().errorCode() + ": " + service.awsErrorDetails().errorMessage();
        }
        return e.getMessage();
    }

    private static String partitionOf(String region) {
        RegionMetadata metadata = Region.of(region).metadata();
        return metadata == null ? "aws" : metadata.partition().id();
    }
}
