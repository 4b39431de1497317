package dev.hubresponder.functions.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubresponder.action.ActionRunner;
import dev.hubresponder.alert.AlertChannel;
import dev.hubresponder.alert.SendAlert;
import dev.hubresponder.aws.LambdaSdk;
import dev.hubresponder.aws.ledger.DynamoDbActionLedger;
import dev.hubresponder.aws.metrics.EmfResponderMetrics;
import dev.hubresponder.aws.sns.SnsAlertChannel;
import dev.hubresponder.config.ConfigurationException;
import dev.hubresponder.config.ResponderConfig;
import dev.hubresponder.ledger.ActionLedger;
import dev.hubresponder.ledger.LedgerSettings;
import dev.hubresponder.metrics.ResponderMetrics;
import dev.hubresponder.plan.Plan;
import dev.hubresponder.plan.ResponsePlanner;
import dev.hubresponder.policy.TrustPolicy;
import java.time.Clock;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The alert function's wiring, built once per execution environment: configuration from the environment, the SNS
 * and DynamoDB clients (URL-connection HTTP client; the SDK reads {@code AWS_ENDPOINT_URL} itself), the ledger,
 * the action runner and the planner.
 *
 * <p>Environment: {@code ALERT_TOPIC_ARN} (required), {@code AWS_REGION}, the ledger's {@code LEDGER_*} variables
 * and the responder's {@code RESPONDER_*} policy variables (see docs/configuration.md and template.yaml).
 */
record AlertWiring(ObjectMapper mapper, Function<JsonNode, Plan> planner, SendAlert alerts) {

    static AlertWiring fromEnv(Map<String, String> env) {
        LedgerSettings ledgerSettings = LedgerSettings.fromEnv(env);
        DynamoDbClient dynamo = LambdaSdk.configure(DynamoDbClient.builder(), env)
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        SnsClient sns = LambdaSdk.configure(SnsClient.builder(), env)
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        Clock clock = Clock.systemUTC();
        ActionLedger ledger = new DynamoDbActionLedger(dynamo, ledgerSettings.tableName(), ledgerSettings.retention(),
                clock);
        ObjectMapper mapper = new ObjectMapper();
        ResponderMetrics metrics = EmfResponderMetrics.fromEnvironment();
        ResponsePlanner planner = new ResponsePlanner(ResponderConfig.fromEnv(env), mapper, metrics);
        return of(env, ledger, new SnsAlertChannel(sns, required(env, "ALERT_TOPIC_ARN")), planner::plan, mapper,
                clock, metrics);
    }

    /** The wiring around given collaborators; the policy settings and lease still come from {@code env}. */
    static AlertWiring of(Map<String, String> env, ActionLedger ledger, AlertChannel channel,
                          Function<JsonNode, Plan> planner, ObjectMapper mapper, Clock clock) {
        return of(env, ledger, channel, planner, mapper, clock, ResponderMetrics.NONE);
    }

    /** As {@link #of(Map, ActionLedger, AlertChannel, Function, ObjectMapper, Clock)}, counting alerts sent. */
    static AlertWiring of(Map<String, String> env, ActionLedger ledger, AlertChannel channel,
                          Function<JsonNode, Plan> planner, ObjectMapper mapper, Clock clock,
                          ResponderMetrics metrics) {
        ResponderConfig config = ResponderConfig.fromEnv(env);
        ActionRunner runner = new ActionRunner(ledger, config, metrics, LedgerSettings.fromEnv(env).lease(), clock);
        return new AlertWiring(mapper, planner, new SendAlert(runner, ledger, channel,
                new TrustPolicy(config), mapper));
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.getOrDefault(name, "").trim();
        if (value.isEmpty()) {
            throw new ConfigurationException(name + " must be set");
        }
        return value;
    }
}
