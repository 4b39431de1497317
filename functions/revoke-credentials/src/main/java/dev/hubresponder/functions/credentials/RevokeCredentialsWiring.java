package dev.hubresponder.functions.credentials;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubresponder.action.ActionRunner;
import dev.hubresponder.action.Reachable;
import dev.hubresponder.audit.DeferredFindingNotes;
import dev.hubresponder.audit.FindingNotes;
import dev.hubresponder.aws.LambdaSdk;
import dev.hubresponder.aws.iam.SdkIamPrincipals;
import dev.hubresponder.aws.lambda.ContainmentWiring;
import dev.hubresponder.aws.ledger.ActionRecording;
import dev.hubresponder.aws.member.MemberAccounts;
import dev.hubresponder.aws.member.MemberClients;
import dev.hubresponder.aws.metrics.EmfResponderMetrics;
import dev.hubresponder.aws.securityhub.SecurityHubFindingNotes;
import dev.hubresponder.config.ConfigurationException;
import dev.hubresponder.config.ResponderConfig;
import dev.hubresponder.containment.ContainmentResponse;
import dev.hubresponder.containment.credentials.CredentialResponse;
import dev.hubresponder.containment.credentials.CredentialSettings;
import dev.hubresponder.containment.credentials.IamPrincipals;
import dev.hubresponder.containment.credentials.ReleaseCredentials;
import dev.hubresponder.containment.credentials.RevokeCredentials;
import dev.hubresponder.finding.ResourceLocation;
import dev.hubresponder.metrics.ResponderMetrics;
import dev.hubresponder.plan.ResponsePlanner;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;

/**
 * Everything the function needs, built once at init from its environment: typed configuration (a wrong value stops
 * the function here, naming the variable), the SDK clients and the domain services.
 */
record RevokeCredentialsWiring(ObjectMapper mapper, ResponsePlanner planner, ContainmentResponse response,
                               FindingNotes notes) implements ContainmentWiring {

    /** The SDK clients the function uses, in the stack's own account; tests pass clients pointed at moto. */
    record AwsClients(IamClient iam, DynamoDbClient dynamo, Supplier<SecurityHubClient> securityHub) {
        AwsClients(IamClient iam, DynamoDbClient dynamo, SecurityHubClient securityHub) {
            this(iam, dynamo, () -> securityHub);
        }
    }

    /**
     * IAM in the account credentials belong to: the function's own client in the stack's account, a client on the
     * member role's credentials elsewhere (built on first use, never at init). IAM is global, so every Region of
     * an account is reached through the stack's own Region: one member session per account and finding.
     */
    static Reachable<IamPrincipals> principalsEverywhere(IamClient home, MemberAccounts members, String homeRegion) {
        MemberClients<IamPrincipals> clients = new MemberClients<>(new SdkIamPrincipals(account -> home), members,
                (region, credentials) -> {
                    IamClient iam = members.configure(IamClient.builder(), region, credentials)
                            .httpClient(UrlConnectionHttpClient.create()).build();
                    return new SdkIamPrincipals(account -> iam);
                });
        return (where, findingId) -> clients.at(new ResourceLocation(where.partition(), where.accountId(),
                homeRegion), findingId);
    }

    /** Production: clients for {@code AWS_REGION} (endpoints from {@code AWS_ENDPOINT_URL*} when set), EMF metrics. */
    static RevokeCredentialsWiring fromEnvironment(Map<String, String> env) {
        LambdaSdk.region(env);
        if (env.getOrDefault("POWERTOOLS_METRICS_NAMESPACE", "").isBlank()) {
            // Checked here: EMF refuses to flush without it, which would fail the first action, not the init.
            throw new ConfigurationException("POWERTOOLS_METRICS_NAMESPACE must name the CloudWatch namespace of the"
                    + " responder's metrics (HubResponder)");
        }
        IamClient iam = LambdaSdk.configure(IamClient.builder(), env).httpClient(UrlConnectionHttpClient.create())
                .build();
        AwsClients clients = new AwsClients(iam,
                LambdaSdk.configure(DynamoDbClient.builder(), env).httpClient(UrlConnectionHttpClient.create()).build(),
                () -> SecurityHubFindingNotes.client(env));
        return of(env, clients, MemberAccounts.fromEnv(env), EmfResponderMetrics.fromEnvironment(),
                Clock.systemUTC());
    }

    static RevokeCredentialsWiring of(Map<String, String> env, AwsClients clients, MemberAccounts members,
                                      ResponderMetrics metrics, Clock clock) {
        ActionRecording recording = ActionRecording.fromEnv(env, clients.dynamo(), metrics, clock);
        ResponderConfig config = recording.config();
        ActionRunner runner = recording.runner();
        ObjectMapper mapper = new ObjectMapper();
        Reachable<IamPrincipals> iam = principalsEverywhere(clients.iam(), members, LambdaSdk.region(env).id());
        FindingNotes notes = new DeferredFindingNotes(() -> new SecurityHubFindingNotes(clients.securityHub().get()));
        ContainmentResponse response = CredentialResponse.of(
                new RevokeCredentials(runner, recording.ledger(), iam, config, CredentialSettings.fromEnv(env), clock),
                new ReleaseCredentials(runner, recording.ledger(), iam, clock),
                runner, recording.audit(notes));
        return new RevokeCredentialsWiring(mapper, new ResponsePlanner(config, mapper, metrics), response, notes);
    }
}
