package dev.hubresponder.functions.waf;

import static dev.hubresponder.testkit.StageEmulators.LEDGER_TABLE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubresponder.audit.NoteReport;
import dev.hubresponder.aws.ec2.Ec2OwnAddresses;
import dev.hubresponder.aws.ledger.DynamoDbActionLedger;
import dev.hubresponder.aws.ledger.LedgerTable;
import dev.hubresponder.aws.waf.Backoff;
import dev.hubresponder.aws.waf.IpSetRef;
import dev.hubresponder.aws.waf.WafIpSetBlockList;
import dev.hubresponder.config.ResponderConfig;
import dev.hubresponder.ledger.ActionKey;
import dev.hubresponder.ledger.LedgerEntry;
import dev.hubresponder.ledger.LedgerState;
import dev.hubresponder.metrics.ResponderMetrics;
import dev.hubresponder.plan.ResponsePlanner;
import dev.hubresponder.policy.ResponseAction;
import dev.hubresponder.testkit.BlockedIpSets;
import dev.hubresponder.testkit.ExampleEvents;
import dev.hubresponder.testkit.LambdaInvoke;
import dev.hubresponder.testkit.StageEmulators;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
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
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.wafv2.Wafv2Client;
import software.amazon.awssdk.services.wafv2.model.UpdateIpSetRequest;

/**
 * The function as a new user tries it: the repository's {@code events/} files, decided by the real intake and
 * response policy with the default configuration, on an emulated account (moto's WAFv2 and DynamoDB). Notes are
 * accepted by a stand-in here; their content is asserted in {@link BlockAddressesHandlerTest}.
 *
 * <p>Preconditions: {@code moto_server} installed (started by the test on a free 127.0.0.1 port; the test fails
 * naming the install command when it is missing). {@code UpdateIPSet} calls are counted by an SDK interceptor.
 */
class BlockAddressesFromEventsTest {
    static final String BRUTE_FORCE_FINDING = "arn:aws:guardduty:us-east-1:123456789012:detector/"
            + "6cc8d2a6a1e04c7e9b3c0f2d1e4a5b6c/finding/46ba0ac2b0cd1e0ab6c6e2f8f6a8d0f3";
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SEQUENCE_FINDING = "arn:aws:guardduty:us-east-1:123456789012:detector/"
            + "6cc8d2a6a1e04c7e9b3c0f2d1e4a5b6c/finding/e1a3c5e7a9b14d2f8e6c4a2b0d9f7e51";
    /**
     * What a team whose instances sit behind an ALB with the stack's Web ACL adds to the playbook: block the
     * internet hosts that brute-force or probe them, at the Low severity GuardDuty gives those findings.
     */
    static final Map<String, String> BLOCK_PROBERS = Map.of(
            "RESPONDER_PLAYBOOK", """
                    {"rules":[{"name":"block-internet-attackers","producer":"aws/guardduty",
                      "types":["Recon:EC2/PortProbeUnprotectedPort","UnauthorizedAccess:EC2/*BruteForce"],
                      "role":"TARGET","decision":"BLOCK","blockPeers":"INBOUND"}]}""",
            "RESPONDER_CONTAINMENT_ROUTING_SEVERITIES", "LOW,MEDIUM,HIGH,CRITICAL");

    @RegisterExtension
    static final StageEmulators aws = new StageEmulators(LedgerTable::create);
    static Wafv2Client waf;

    IpSetRef ipv4;
    IpSetRef ipv6;
    DynamoDbActionLedger ledger;
    BlockAddressesHandler handler;
    final AtomicInteger updateIpSetCalls = new AtomicInteger();

    @BeforeAll
    static void startEmulators() {
        waf = aws.moto().client(Wafv2Client.builder()).build();
    }

    @AfterAll
    static void stopEmulators() {
        waf.close();
    }

    @BeforeEach
    void emptyAccountWithSets() {
        aws.resetAccounts();
        ledger = new DynamoDbActionLedger(aws.dynamo(), LEDGER_TABLE);
        ipv4 = IpSetRef.fromArn(BlockedIpSets.ipv4(waf).arn(), "test");
        ipv6 = IpSetRef.fromArn(BlockedIpSets.ipv6(waf).arn(), "test");
        updateIpSetCalls.set(0);
        handler = handler();
    }

    @Test
    void anAttackSequencesPublicInboundEndpointIsBlockedWithinOneWriteAndItsOutboundOneIsNot() throws IOException {
        JsonNode report = invoke("guardduty-attack-sequence-ec2-instance-group-critical.json");

        assertThat(addresses(ipv4)).containsExactly("185.220.101.45/32");
        assertThat(updateIpSetCalls.get()).isEqualTo(1);
        assertThat(record(SEQUENCE_FINDING, ResponseAction.BLOCK_ADDRESS, "185.220.101.45/32").state())
                .isEqualTo(LedgerState.DONE);
        assertThat(report.path("findings").get(0).path("acted").asBoolean()).isTrue();
    }

    @Test
    void aLowBruteForceAgainstAVictimBlocksNothingWithTheShippedPlaybook() throws IOException {
        invoke("guardduty-ec2-ssh-bruteforce-target-low.json");
        invoke("guardduty-ec2-port-probe-multi-source-low.json");

        assertThat(updateIpSetCalls.get()).isZero();
        assertThat(addresses(ipv4)).isEmpty();
    }

    @Test
    void theUnblockCustomActionTakesTheAttackerOutAgain() throws IOException {
        invoke("custom-action-block.json");

        JsonNode report = invoke("custom-action-unblock.json");

        assertThat(addresses(ipv4)).isEmpty();
        assertThat(record(BRUTE_FORCE_FINDING, ResponseAction.BLOCK_ADDRESS, "185.220.101.45/32").state())
                .isEqualTo(LedgerState.RELEASED);
        assertThat(report.path("findings").get(0).path("summary").asText())
                .isEqualTo("removed 185.220.101.45/32 from " + ipv4.arn());
    }

    @Test
    void aForgedFindingCannotUnblockWhatAGenuineOneBlocked() throws IOException {
        blockTheBruteForcer();

        JsonNode report = invokeResource("hostile/custom-action-unblock-forged-finding.json");

        assertThat(addresses(ipv4)).containsExactly("185.220.101.45/32");
        assertThat(record(BRUTE_FORCE_FINDING, ResponseAction.BLOCK_ADDRESS, "185.220.101.45/32").state())
                .isEqualTo(LedgerState.DONE);
        LedgerEntry refused = record("forged-unblock-0001", ResponseAction.UNBLOCK_ADDRESS, "185.220.101.45/32");
        assertThat(refused.state()).isEqualTo(LedgerState.REFUSED);
        assertThat(refused.reason()).startsWith("imported under the account's own product ARN "
                + "arn:aws:securityhub:us-east-1:123456789012:product/123456789012/default (ProductName says "
                + "'GuardDuty')").contains("undo only from the finding that caused it");
        assertThat(report.path("findings").get(0).path("summary").asText()).contains("refused");
    }

    @Test
    void anUnblockActionTargetOfAnotherAccountOrRegionIsNotHonoured() throws IOException {
        blockTheBruteForcer();

        JsonNode otherAccount = invokeResource("hostile/custom-action-unblock-other-account.json");
        JsonNode otherRegion = invokeResource("hostile/custom-action-unblock-other-region.json");

        assertThat(addresses(ipv4)).containsExactly("185.220.101.45/32");
        assertThat(otherAccount.path("findings")).isEmpty();
        assertThat(otherRegion.path("findings")).isEmpty();
        assertThat(record(BRUTE_FORCE_FINDING, ResponseAction.BLOCK_ADDRESS, "185.220.101.45/32").state())
                .isEqualTo(LedgerState.DONE);
    }

    @Test
    void aPlaybookThatBlocksProbersBlocksThePublicSourcesAndRecordsThePrivateOneAsRefused() throws IOException {
        handler = handler(BLOCK_PROBERS);

        JsonNode report = invoke("guardduty-ec2-port-probe-multi-source-low.json");

        assertThat(addresses(ipv4)).containsExactlyInAnyOrder("185.220.101.45/32", "89.248.165.52/32");
        assertThat(updateIpSetCalls.get()).isEqualTo(1);
        String finding = report.path("findings").get(0).path("id").asText();
        LedgerEntry refused = record(finding, ResponseAction.BLOCK_ADDRESS, "10.0.3.7/32");
        assertThat(refused.state()).isEqualTo(LedgerState.REFUSED);
        assertThat(refused.reason()).startsWith("10.0.3.7 is private (RFC 1918, 10.0.0.0/8)");
    }

    @Test
    void anIpv6AttackerGoesIntoTheIpv6Set() throws IOException {
        handler = handler(BLOCK_PROBERS);

        invoke("guardduty-ec2-rdp-bruteforce-ipv6-target-low.json");

        assertThat(addresses(ipv6)).containsExactly("2a0b:4140:d4a0::2/128");
        assertThat(addresses(ipv4)).isEmpty();
    }

    @Test
    void findingsThatAreNotForBlockingChangeNothing() throws IOException {
        for (String file : List.of("guardduty-reemitted-notified.json", "guardduty-archived.json",
                "guardduty-ec2-portscan-actor-medium.json", "inspector-cve-critical.json", "malformed-wrong-source.json")) {
            invoke(file);
        }

        assertThat(updateIpSetCalls.get()).isZero();
        assertThat(addresses(ipv4)).isEmpty();
        assertThat(addresses(ipv6)).isEmpty();
    }

    BlockAddressesHandler handler() {
        return handler(Map.of());
    }

    BlockAddressesHandler handler(Map<String, String> policy) {
        Map<String, String> env = new HashMap<>(Map.of("LEDGER_TABLE", LEDGER_TABLE,
                WafIpSetBlockList.IPV4_SET_VARIABLE, ipv4.arn(), WafIpSetBlockList.IPV6_SET_VARIABLE, ipv6.arn()));
        env.putAll(policy);
        ExecutionInterceptor counter = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof UpdateIpSetRequest) {
                    updateIpSetCalls.incrementAndGet();
                }
            }
        };
        Wafv2Client counted = aws.moto().client(Wafv2Client.builder())
                .overrideConfiguration(c -> c.addExecutionInterceptor(counter)).build();
        ResponsePlanner planner = new ResponsePlanner(ResponderConfig.fromEnv(env), JSON);
        return new BlockAddressesHandler(BlockAddressesWiring.of(env, planner::plan,
                new WafIpSetBlockList(counted, ipv4, ipv6, Backoff.standard()),
                new Ec2OwnAddresses(aws.moto().client(Ec2Client.builder()).build()), aws.dynamo(),
                notes -> new NoteReport(notes.stream().map(n -> n.finding().id()).toList(), List.of()),
                records -> {
                    throw new AssertionError("direct deliveries are handed over by Lambda destinations, not the handler");
                }, ResponderMetrics.NONE, Clock.systemUTC(), JSON));
    }

    /** With a playbook that blocks probers, the brute-force finding blocks its source: what the unblock tests undo. */
    void blockTheBruteForcer() throws IOException {
        handler = handler(BLOCK_PROBERS);
        invoke("guardduty-ec2-ssh-bruteforce-target-low.json");
        assertThat(addresses(ipv4)).containsExactly("185.220.101.45/32");
    }

    JsonNode invoke(String eventFile) throws IOException {
        return LambdaInvoke.invoke(handler, Files.readAllBytes(ExampleEvents.EVENTS.resolve(eventFile)),
                "hub-responder-BlockAddresses");
    }

    JsonNode invokeResource(String resource) throws IOException {
        byte[] event;
        try (var in = getClass().getResourceAsStream("/" + resource)) {
            event = in.readAllBytes();
        }
        return LambdaInvoke.invoke(handler, event, "hub-responder-BlockAddresses");
    }

    LedgerEntry record(String findingId, ResponseAction action, String target) {
        return ledger.find(new ActionKey(findingId, action, target)).orElseThrow(() ->
                new AssertionError("no ledger record " + findingId + "|" + action + "|" + target));
    }

    static List<String> addresses(IpSetRef set) {
        return waf.getIPSet(r -> r.name(set.name()).scope(set.scope()).id(set.id())).ipSet().addresses();
    }
}
