package dev.hubresponder.functions.ticket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubresponder.action.ActionRunner;
import dev.hubresponder.audit.AuditTrail;
import dev.hubresponder.audit.DeferredFindingNotes;
import dev.hubresponder.audit.FindingNotes;
import dev.hubresponder.aws.LambdaSdk;
import dev.hubresponder.aws.ledger.DynamoDbActionLedger;
import dev.hubresponder.aws.metrics.EmfResponderMetrics;
import dev.hubresponder.aws.secrets.SecretsManagerTicketSecret;
import dev.hubresponder.aws.securityhub.SecurityHubFindingNotes;
import dev.hubresponder.config.ConfigurationException;
import dev.hubresponder.config.ResponderConfig;
import dev.hubresponder.ledger.ActionLedger;
import dev.hubresponder.ledger.LedgerSettings;
import dev.hubresponder.metrics.ResponderMetrics;
import dev.hubresponder.plan.Plan;
import dev.hubresponder.plan.ResponsePlanner;
import dev.hubresponder.policy.TrustPolicy;
import dev.hubresponder.ticket.TicketComposer;
import dev.hubresponder.ticket.TicketConfig;
import dev.hubresponder.ticket.TicketSecretSource;
import dev.hubresponder.ticket.TicketService;
import dev.hubresponder.ticket.TicketStage;
import dev.hubresponder.ticket.TicketSystem;
import dev.hubresponder.ticket.TicketSystems;
import dev.hubresponder.ticket.http.ProviderHttp;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The function's one wiring place, built once at init: typed settings from the environment, the SDK clients (region
 * and endpoint from {@code AWS_REGION} and {@code AWS_ENDPOINT_URL}, read by the SDK), the provider's adapter with
 * one JDK HTTP client, and the ticket stage. Nothing is read from Secrets Manager here: the credentials are read at
 * the first ticket, so that no secret ends up in a SnapStart snapshot.
 *
 * @param planner decides for every finding of an event
 * @param stage   the ticket stage
 * @param mapper  reads events and writes the stage report
 */
record TicketWiring(Function<JsonNode, Plan> planner, TicketStage stage, ObjectMapper mapper) {
    /** Connecting to a provider takes at most this (each request also has RESPONDER_TICKET_HTTP_TIMEOUT_SECONDS). */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    /** The production wiring, from {@code System.getenv()}. */
    static TicketWiring fromEnv(Map<String, String> env) {
        ObjectMapper mapper = new ObjectMapper();
        EmfResponderMetrics metrics = EmfResponderMetrics.fromEnvironment();
        ResponsePlanner planner = new ResponsePlanner(ResponderConfig.fromEnv(env), mapper, metrics);
        DynamoDbClient dynamo = LambdaSdk.configure(DynamoDbClient.builder(), env)
                .httpClient(UrlConnectionHttpClient.create()).build();
        SecretsManagerClient secrets = LambdaSdk.configure(SecretsManagerClient.builder(), env)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        FindingNotes notes = new DeferredFindingNotes(
                () -> new SecurityHubFindingNotes(SecurityHubFindingNotes.client(env)));
        return of(env, planner::plan, dynamo, secrets, notes, metrics,
                Clock.systemUTC(), mapper);
    }

    /** The wiring over given collaborators: tests pass emulator clients and stubs. */
    static TicketWiring of(Map<String, String> env, Function<JsonNode, Plan> planner, DynamoDbClient dynamo,
                           SecretsManagerClient secrets, FindingNotes notes, ResponderMetrics metrics, Clock clock,
                           ObjectMapper mapper) {
        ResponderConfig config = ResponderConfig.fromEnv(env);
        TicketConfig tickets = TicketConfig.fromEnv(env);
        LedgerSettings ledgerSettings = LedgerSettings.fromEnv(env);
        ActionLedger ledger = new DynamoDbActionLedger(dynamo, ledgerSettings.tableName(), ledgerSettings.retention(),
                clock);
        TicketSecretSource credentials = tickets.secretId() == null
                ? () -> {
                    throw new ConfigurationException("RESPONDER_TICKET_PROVIDER is none: no ticket secret to read");
                }
                : SecretsManagerTicketSecret.create(tickets.secretId(), secrets,
                SecretsManagerTicketSecret.DEFAULT_MAX_AGE, mapper);
        TicketSystem system = TicketSystems.create(tickets,
                ProviderHttp.newClient(min(CONNECT_TIMEOUT, tickets.httpTimeout())), credentials, mapper);
        ActionRunner runner = new ActionRunner(ledger, config, metrics, ledgerSettings.lease(), clock);
        TicketService service = new TicketService(system, ledger, runner, new TicketComposer(new TrustPolicy(config)),
                tickets.reopen(),
                clock);
        AuditTrail audit = new AuditTrail(notes, ledger, metrics, ledgerSettings.lease(), clock);
        return new TicketWiring(planner, new TicketStage(service, audit), mapper);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
