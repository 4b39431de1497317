package dev.hubresponder.functions.waf;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.hubresponder.address.AddressPolicy;
import dev.hubresponder.aws.LambdaSdk;
import dev.hubresponder.aws.ledger.DynamoDbActionLedger;
import dev.hubresponder.aws.waf.WafIpSetBlockList;
import dev.hubresponder.block.BlockList;
import dev.hubresponder.block.BlockSettings;
import dev.hubresponder.block.ExpireBlocks;
import dev.hubresponder.config.ResponderConfig;
import dev.hubresponder.ledger.LedgerSettings;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The function's one wiring place, built once at init: typed settings from the environment, the SDK clients (region
 * and endpoint from {@code AWS_REGION} and {@code AWS_ENDPOINT_URL}, read by the SDK), and the sweep.
 *
 * @param sweep  the expiry sweep and drift check
 * @param mapper writes the sweep report (times as ISO-8601 text)
 */
record ExpireBlocksWiring(ExpireBlocks sweep, ObjectMapper mapper) {

    /** The production wiring, from {@code System.getenv()}. */
    static ExpireBlocksWiring fromEnv(Map<String, String> env) {
        DynamoDbClient dynamo = LambdaSdk.configure(DynamoDbClient.builder(), env)
                .httpClient(UrlConnectionHttpClient.create()).build();
        return of(env, WafIpSetBlockList.fromEnv(env), dynamo, Clock.systemUTC());
    }

    /** The wiring over given collaborators: tests pass emulator clients and a clock of their own. */
    static ExpireBlocksWiring of(Map<String, String> env, BlockList sets, DynamoDbClient dynamo, Clock clock) {
        LedgerSettings ledger = LedgerSettings.fromEnv(env);
        ResponderConfig config = ResponderConfig.fromEnv(env);
        ExpireBlocks sweep = new ExpireBlocks(sets,
                new DynamoDbActionLedger(dynamo, ledger.tableName(), ledger.retention(), clock),
                BlockSettings.fromEnv(env), new AddressPolicy(config.neverBlockCidrs()), config.killSwitch(), clock);
        ObjectMapper mapper = new ObjectMapper()
                .registerModule(new SimpleModule().addSerializer(Instant.class, ToStringSerializer.instance));
        return new ExpireBlocksWiring(sweep, mapper);
    }
}
