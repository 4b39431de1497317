package dev.hubresponder.functions.credentials;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubresponder.action.ActionRunner;
import dev.hubresponder.action.Reachable;
import dev.hubresponder.audit.AuditTrail;
import dev.hubresponder.audit.DeferredFindingNotes;
import dev.hubresponder.audit.FindingNotes;
import dev.hubresponder.aws.LambdaSdk;
import dev.hubresponder.aws.iam.SdkIamPrincipals;
import dev.hubresponder.aws.ledger.DynamoDbActionLedger;
import dev.hubresponder.aws.member.MemberAccounts;
import dev.hubresponder.aws.member.MemberClients;
import dev.hubresponder.aws.metrics.EmfResponderMetrics;
import dev.hubresponder.aws.securityhub.SecurityHubFindingNotes;
import dev.hubresponder.config.ConfigurationException;
import dev.hubresponder.config.ResponderConfig;
import dev.hubresponder.containment.credentials.CredentialResponse;
import dev.hubresponder.containment.credentials.CredentialSettings;
import dev.hubresponder.containment.credentials.IamPrincipals;
import dev.hubresponder.containment.credentials.ReleaseCredentials;
import dev.hubresponder.containment.credentials.RevokeCredentials;
import dev.hubresponder.finding.ResourceLocation;
import dev.hubresponder.ledger.ActionLedger;
import dev.hubresponder.ledger.LedgerSettings;
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
record RevokeCredentialsWiring(ObjectMapper mapper, ResponsePlanner planner, CredentialResponse response,
                               FindingNotes notes) {

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
        ResponderConfig config = ResponderConfig.fromEnv(env);
        CredentialSettings settings = CredentialSettings.fromEnv(env);
        LedgerSettings ledgerSettings = LedgerSettings.fromEnv(env);
        ObjectMapper mapper = new ObjectMapper();

        ActionLedger ledger = new DynamoDbActionLedger(clients.dynamo(), ledgerSettings.tableName(),
                ledgerSettings.retention(), clock);
        ActionRunner runner = new ActionRunner(ledger, config, metrics, ledgerSettings.lease(), clock);
        Reachable<IamPrincipals> iam = principalsEverywhere(clients.iam(), members, LambdaSdk.region(env).id());
        FindingNotes notes = new DeferredFindingNotes(() -> new SecurityHubFindingNotes(clients.securityHub().get()));
        AuditTrail audit = new AuditTrail(notes, ledger, metrics, ledgerSettings.lease(), clock);
        CredentialResponse response = new CredentialResponse(
                new RevokeCredentials(runner, ledger, iam, config, settings, clock),
                new ReleaseCredentials(runner, ledger, iam, clock),
                runner,
                audit);
        return new RevokeCredentialsWiring(mapper, new ResponsePlanner(config, mapper, metrics), response, notes);
    }
}
