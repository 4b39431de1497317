package dev.hubresponder.functions.waf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubresponder.address.AddressPolicy;
import dev.hubresponder.audit.DeferredFindingNotes;
import dev.hubresponder.audit.FindingNotes;
import dev.hubresponder.aws.LambdaSdk;
import dev.hubresponder.aws.ledger.DynamoDbActionLedger;
import dev.hubresponder.aws.securityhub.SecurityHubFindingNotes;
import dev.hubresponder.aws.waf.WafIpSetBlockList;
import dev.hubresponder.block.BlockAddresses;
import dev.hubresponder.block.BlockList;
import dev.hubresponder.block.BlockSettings;
import dev.hubresponder.config.ResponderConfig;
import dev.hubresponder.ledger.LedgerSettings;
import dev.hubresponder.plan.Plan;
import dev.hubresponder.plan.ResponsePlanner;
import java.time.Clock;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The function's one wiring place, built once at init: typed settings from the environment, the SDK clients (region
 * and endpoint from {@code AWS_REGION} and {@code AWS_ENDPOINT_URL}, read by the SDK), and the domain service.
 *
 * @param planner decides for every finding of an event
 * @param service blocks and unblocks, one write per IP set per invocation
 * @param notes   writes the outcome back onto the findings (its client built on first use)
 * @param mapper  reads events and writes the stage report
 */
record BlockAddressesWiring(Function<JsonNode, Plan> planner, BlockAddresses service, FindingNotes notes,
                            ObjectMapper mapper) {

    /** The production wiring, from {@code System.getenv()}. */
    static BlockAddressesWiring fromEnv(Map<String, String> env) {
        ObjectMapper mapper = new ObjectMapper();
        ResponsePlanner planner = new ResponsePlanner(ResponderConfig.fromEnv(env), mapper);
        DynamoDbClient dynamo = LambdaSdk.configure(DynamoDbClient.builder(), env)
                .httpClient(UrlConnectionHttpClient.create()).build();
        FindingNotes notes = new DeferredFindingNotes(
                () -> new SecurityHubFindingNotes(SecurityHubFindingNotes.client(env)));
        return of(env, planner::plan, WafIpSetBlockList.fromEnv(env), dynamo, notes, Clock.systemUTC(), mapper);
    }

    /** The wiring over given collaborators: tests pass emulator clients and a planner of their own. */
    static BlockAddressesWiring of(Map<String, String> env, Function<JsonNode, Plan> planner, BlockList sets,
                                   DynamoDbClient dynamo, FindingNotes notes, Clock clock, ObjectMapper mapper) {
        ResponderConfig config = ResponderConfig.fromEnv(env);
        LedgerSettings ledger = LedgerSettings.fromEnv(env);
        BlockAddresses service = new BlockAddresses(sets,
                new DynamoDbActionLedger(dynamo, ledger.tableName(), ledger.retention(), clock),
                new AddressPolicy(config.neverBlockCidrs()), BlockSettings.fromEnv(env), ledger.lease(), clock);
        return new BlockAddressesWiring(planner, service, notes, mapper);
    }
}
