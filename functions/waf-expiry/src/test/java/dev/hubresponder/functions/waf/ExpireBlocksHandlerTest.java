package dev.hubresponder.functions.waf;

import static dev.hubresponder.testkit.StageEmulators.LEDGER_TABLE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubresponder.address.AddressPolicy;
import dev.hubresponder.aws.ledger.DynamoDbActionLedger;
import dev.hubresponder.aws.ledger.LedgerTable;
import dev.hubresponder.aws.waf.Backoff;
import dev.hubresponder.aws.waf.IpSetRef;
import dev.hubresponder.aws.waf.WafIpSetBlockList;
import dev.hubresponder.block.BlockAddresses;
import dev.hubresponder.block.BlockHoldings;
import dev.hubresponder.block.BlockRequest;
import dev.hubresponder.block.OwnAddresses;
import dev.hubresponder.block.BlockSettings;
import dev.hubresponder.finding.Finding;
import dev.hubresponder.finding.FindingSchema;
import dev.hubresponder.finding.ResourceRole;
import dev.hubresponder.finding.Severity;
import dev.hubresponder.ledger.ActionKey;
import dev.hubresponder.ledger.LedgerEntry;
import dev.hubresponder.ledger.LedgerState;
import dev.hubresponder.policy.Decision;
import dev.hubresponder.policy.PlannedAction;
import dev.hubresponder.policy.ResponseAction;
import dev.hubresponder.testkit.BlockedIpSets;
import dev.hubresponder.testkit.LambdaInvoke;
import dev.hubresponder.testkit.StageEmulators;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.wafv2.Wafv2Client;
import software.amazon.awssdk.services.wafv2.model.UpdateIpSetRequest;

/**
 * The scheduled sweep as a user meets it, on an emulated account: moto's WAFv2 (a regional IPv4 and IPv6 set, each
 * with an entry a person added) and DynamoDB (the ledger table, created from {@link LedgerTable}). Blocks are made
 * first by the blocking service at a fixed time; the sweep then runs at a later fixed time.
 *
 * <p>Preconditions: {@code moto_server} installed (started by the test on a free 127.0.0.1 port; the test fails
 * naming the install command when it is missing). {@code UpdateIPSet} calls are counted by an SDK interceptor.
 */
class ExpireBlocksHandlerTest {
    static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    static final String PERSONS_V4 = "8.8.4.4/32";
    static final String PERSONS_V6 = "2001:4860:4860::8844/128";
    static final ObjectMapper JSON = new ObjectMapper();
    /** An empty list in the sweep report: present, and naming no host. */
    static final JsonNode NONE = JSON.createArrayNode();

    @RegisterExtension
    static final StageEmulators aws = new StageEmulators(LedgerTable::create);
    static Wafv2Client waf;

    IpSetRef ipv4;
    IpSetRef ipv6;
    DynamoDbActionLedger ledger;
    final AtomicInteger updateIpSetCalls = new AtomicInteger();

    @BeforeAll
    static void startEmulators() {
        waf = waf(List.of());
    }

    @AfterAll
    static void stopEmulators() {
        waf.close();
    }

    @BeforeEach
    void emptyAccountWithSets() {
        aws.resetAccounts();
        ledger = new DynamoDbActionLedger(aws.dynamo(), LEDGER_TABLE);
        ipv4 = IpSetRef.fromArn(BlockedIpSets.ipv4(waf, PERSONS_V4).arn(), "test");
        ipv6 = IpSetRef.fromArn(BlockedIpSets.ipv6(waf, PERSONS_V6).arn(), "test");
        updateIpSetCalls.set(0);
    }

    @Test
    void removesExpiredBlocksInOneWritePerSetAndKeepsEverythingElse() throws IOException {
        block(Map.of(), T0, "f-early", "199.241.229.197", "2a06:98c0:3600::103");
        block(Map.of(), T0.plus(Duration.ofHours(10)), "f-later", "45.155.205.233");
        updateIpSetCalls.set(0);

        JsonNode report = sweep(Map.of(), T0.plus(Duration.ofHours(25)));

        assertThat(addresses(ipv4)).containsExactlyInAnyOrder(PERSONS_V4, "45.155.205.233/32");
        assertThat(addresses(ipv6)).containsExactly(PERSONS_V6);
        assertThat(updateIpSetCalls.get()).isEqualTo(2);
        assertThat(strings(report.path("removed"))).containsExactlyInAnyOrder("199.241.229.197/32",
                "2a06:98c0:3600::103/128");
        assertThat(report.path("entriesNotOurs").asInt()).isEqualTo(2);
        assertThat(report.path("at").asText()).isEqualTo("2026-11-27T11:00:00Z");
        LedgerEntry expired = ledger.find(new ActionKey("f-early", ResponseAction.BLOCK_ADDRESS,
                "199.241.229.197/32")).orElseThrow();
        assertThat(expired.state()).isEqualTo(LedgerState.RELEASED);
        assertThat(expired.reason()).isEqualTo("block expired at 2026-11-27T10:00:00Z; removed from " + ipv4.arn()
                + " by the expiry sweep at 2026-11-27T11:00:00Z");
        assertThat(ledger.find(BlockHoldings.keyOf("45.155.205.233/32")).orElseThrow().state())
                .isEqualTo(LedgerState.DONE);
    }

    @Test
    void aSweepWithNothingExpiredWritesNothing() throws IOException {
        block(Map.of(), T0, "f-1", "199.241.229.197");
        updateIpSetCalls.set(0);

        JsonNode report = sweep(Map.of(), T0.plus(Duration.ofHours(2)));

        assertThat(updateIpSetCalls.get()).isZero();
        assertThat(report.get("removed")).isEqualTo(NONE);
        assertThat(report.get("reAdded")).isEqualTo(NONE);
        assertThat(addresses(ipv4)).containsExactlyInAnyOrder(PERSONS_V4, "199.241.229.197/32");
    }

    @Test
    void putsBackAnUnexpiredBlockSomeoneRemovedAndReportsTheDrift() throws IOException {
        block(Map.of(), T0, "f-1", "199.241.229.197", "45.155.205.233");
        replaceAddresses(ipv4, List.of(PERSONS_V4, "199.241.229.197/32"));

        JsonNode report = sweep(Map.of(), T0.plus(Duration.ofHours(3)));

        assertThat(strings(report.path("reAdded"))).containsExactly("45.155.205.233/32");
        assertThat(addresses(ipv4)).containsExactlyInAnyOrder(PERSONS_V4, "199.241.229.197/32",
                "45.155.205.233/32");
    }

    @Test
    void neverRemovesBlocksWhenExpiryIsOff() throws IOException {
        Map<String, String> never = Map.of("RESPONDER_BLOCK_EXPIRY_HOURS", "0");
        block(never, T0, "f-1", "199.241.229.197");

        JsonNode report = sweep(never, T0.plus(Duration.ofDays(365)));

        assertThat(report.get("removed")).isEqualTo(NONE);
        assertThat(addresses(ipv4)).contains("199.241.229.197/32");
    }

    // --- helpers ---

    void block(Map<String, String> env, Instant at, String findingId, String... addresses) {
        List<PlannedAction> actions = new ArrayList<>();
        for (String address : addresses) {
            actions.add(new PlannedAction(ResponseAction.BLOCK_ADDRESS, address, "attacker", false));
        }
        Clock clock = Clock.fixed(at, ZoneOffset.UTC);
        BlockAddresses service = new BlockAddresses(sets(), OwnAddresses.fixed(Map.of()), new DynamoDbActionLedger(aws.dynamo(), LEDGER_TABLE),
                new AddressPolicy(List.of()), BlockSettings.fromEnv(env), Duration.ofMinutes(5), clock);
        service.apply(BlockRequest.from(new Decision(finding(findingId), actions, List.of(), "block"), false));
    }

    JsonNode sweep(Map<String, String> extra, Instant at) throws IOException {
        Map<String, String> env = new HashMap<>(Map.of("LEDGER_TABLE", LEDGER_TABLE));
        env.putAll(extra);
        ExpireBlocksHandler handler = new ExpireBlocksHandler(ExpireBlocksWiring.of(env, sets(), aws.dynamo(),
                Clock.fixed(at, ZoneOffset.UTC)));
        return LambdaInvoke.invoke(handler, """
                {"version":"0","id":"sweep","detail-type":"Scheduled Event","source":"aws.events","detail":{}}"""
                .getBytes(StandardCharsets.UTF_8), "hub-responder-ExpireBlocks");
    }

    WafIpSetBlockList sets() {
        ExecutionInterceptor counter = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof UpdateIpSetRequest) {
                    updateIpSetCalls.incrementAndGet();
                }
            }
        };
        // No test here races another writer or waits on WAF, so the backoff need not sleep.
        return new WafIpSetBlockList(waf(List.of(counter)), ipv4, ipv6,
                new Backoff(8, Duration.ofMillis(20), Duration.ofMillis(200), millis -> { }));
    }

    static Finding finding(String id) {
        return new Finding(FindingSchema.ASFF, id, "arn:aws:securityhub:us-east-1::product/aws/guardduty",
                "GuardDuty", "Amazon", "123456789012", "us-east-1",
                List.of("TTPs/Initial Access/UnauthorizedAccess:EC2-SSHBruteForce"), Severity.CRITICAL, 90.0,
                "ACTIVE", "NEW", "SSH brute force", "", T0, T0, T0, List.of(), List.of(), ResourceRole.TARGET,
                Map.of(), null);
    }

    static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    static List<String> addresses(IpSetRef set) {
        return waf.getIPSet(r -> r.name(set.name()).scope(set.scope()).id(set.id())).ipSet().addresses();
    }

    static void replaceAddresses(IpSetRef set, List<String> addresses) {
        String token = waf.getIPSet(r -> r.name(set.name()).scope(set.scope()).id(set.id())).lockToken();
        waf.updateIPSet(r -> r.name(set.name()).scope(set.scope()).id(set.id()).addresses(addresses)
                .lockToken(token));
    }

    static Wafv2Client waf(List<ExecutionInterceptor> interceptors) {
        return aws.moto().client(Wafv2Client.builder())
                .overrideConfiguration(c -> c.executionInterceptors(interceptors)).build();
    }
}
