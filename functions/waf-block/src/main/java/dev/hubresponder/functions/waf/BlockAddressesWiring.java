package dev.hubresponder.functions.waf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubresponder.address.AddressPolicy;
import dev.hubresponder.audit.DeferredFindingNotes;
import dev.hubresponder.audit.FindingNotes;
import dev.hubresponder.aws.LambdaSdk;
import dev.hubresponder.aws.lambda.LambdaNextStage;
import dev.hubresponder.aws.ec2.Ec2OwnAddresses;
import dev.hubresponder.aws.ledger.DynamoDbActionLedger;
import dev.hubresponder.aws.metrics.EmfResponderMetrics;
import dev.hubresponder.aws.securityhub.SecurityHubFindingNotes;
import dev.hubresponder.aws.waf.WafIpSetBlockList;
import dev.hubresponder.block.BlockAddresses;
import dev.hubresponder.block.BlockList;
import dev.hubresponder.block.BlockMetrics;
import dev.hubresponder.block.BlockSettings;
import dev.hubresponder.block.OwnAddresses;
import dev.hubresponder.config.ConfigurationException;
import dev.hubresponder.config.ResponderConfig;
import dev.hubresponder.handoff.NextStage;
import dev.hubresponder.handoff.QueuedHandover;
import dev.hubresponder.ledger.LedgerSettings;
import dev.hubresponder.metrics.ResponderMetrics;
import dev.hubresponder.plan.Plan;
import dev.hubresponder.plan.ResponsePlanner;
import java.time.Clock;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * The function's one wiring place, built once at init: typed settings from the environment, the SDK clients (region
 * and endpoint from {@code AWS_REGION} and {@code AWS_ENDPOINT_URL}, read by the SDK), and the domain service.
 *
 * @param planner decides for every finding of an event
 * @param service blocks and unblocks, one write per IP set per invocation, never an address of the account's own
 *                Elastic IPs and NAT gateways (read from EC2 once per invocation)
 * @param notes            writes the outcome back onto the findings (its client built on first use)
 * @param handover         ends a queue batch: hands each settled event to the ticket stage (Lambda destinations
 *                         hand over direct deliveries), the others back to the queue
 * @param metrics          counts each address's outcome (the planner counts findings and decisions)
 * @param mapper           reads events and writes the stage report
 */
record BlockAddressesWiring(Function<JsonNode, Plan> planner, BlockAddresses service, FindingNotes notes,
                            QueuedHandover handover, BlockMetrics metrics, ObjectMapper mapper) {
    /** The block queue's maxReceiveCount: on that delivery a still-failing event is handed over as failed. */
    static final String MAX_RECEIVES_VARIABLE = "RESPONDER_QUEUE_MAX_RECEIVES";

    /** The production wiring, from {@code System.getenv()}. */
    static BlockAddressesWiring fromEnv(Map<String, String> env) {
        ObjectMapper mapper = new ObjectMapper();
        ResponderMetrics metrics = EmfResponderMetrics.fromEnvironment();
        ResponsePlanner planner = new ResponsePlanner(ResponderConfig.fromEnv(env), mapper, metrics);
        DynamoDbClient dynamo = LambdaSdk.configure(DynamoDbClient.builder(), env)
                .httpClient(UrlConnectionHttpClient.create()).build();
        FindingNotes notes = new DeferredFindingNotes(
                () -> new SecurityHubFindingNotes(SecurityHubFindingNotes.client(env)));
        NextStage ticket = new LambdaNextStage(LambdaSdk.configure(LambdaClient.builder(), env)
                .httpClient(UrlConnectionHttpClient.create()).build(), LambdaNextStage.functionFromEnv(env), mapper);
        OwnAddresses own = new Ec2OwnAddresses(LambdaSdk.configure(Ec2Client.builder(), env)
                .httpClient(UrlConnectionHttpClient.create()).build());
        return of(env, planner::plan, WafIpSetBlockList.fromEnv(env), own, dynamo, notes, ticket, metrics,
                Clock.systemUTC(), mapper);
    }

    /** The wiring over given collaborators: tests pass emulator clients and a planner of their own. */
    static BlockAddressesWiring of(Map<String, String> env, Function<JsonNode, Plan> planner, BlockList sets,
                                   OwnAddresses ownAddresses, DynamoDbClient dynamo, FindingNotes notes,
                                   NextStage nextStage, ResponderMetrics metrics, Clock clock, ObjectMapper mapper) {
        ResponderConfig config = ResponderConfig.fromEnv(env);
        LedgerSettings ledger = LedgerSettings.fromEnv(env);
        BlockAddresses service = new BlockAddresses(sets, ownAddresses,
                new DynamoDbActionLedger(dynamo, ledger.tableName(), ledger.retention(), clock),
                new AddressPolicy(config.neverBlockCidrs()), BlockSettings.fromEnv(env), ledger.lease(), clock);
        return new BlockAddressesWiring(planner, service, notes, new QueuedHandover(nextStage, maxReceives(env), mapper),
                new BlockMetrics(metrics, clock), mapper);
    }

    private static int maxReceives(Map<String, String> env) {
        String value = env.getOrDefault(MAX_RECEIVES_VARIABLE, "5").trim();
        try {
            int receives = Integer.parseInt(value);
            if (receives >= 1) {
                return receives;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigurationException(MAX_RECEIVES_VARIABLE + " must be a whole number of 1 or more (the block "
                + "queue's maxReceiveCount), was \"" + value + "\"");
    }
}
