package dev.hubresponder.block;

import static dev.hubresponder.block.AddressOutcome.Result.ALREADY_BLOCKED;
import static dev.hubresponder.block.AddressOutcome.Result.BLOCKED;
import static dev.hubresponder.block.AddressOutcome.Result.DUPLICATE;
import static dev.hubresponder.block.AddressOutcome.Result.FAILED;
import static dev.hubresponder.block.AddressOutcome.Result.IN_PROGRESS;
import static dev.hubresponder.block.AddressOutcome.Result.NOT_OURS;
import static dev.hubresponder.block.AddressOutcome.Result.REFUSED;
import static dev.hubresponder.block.AddressOutcome.Result.SHADOW;
import static dev.hubresponder.block.AddressOutcome.Result.UNBLOCKED;
import static dev.hubresponder.block.AddressOutcome.Result.WILL_RETRY;
import static dev.hubresponder.block.Fixtures.analystRequests;
import static dev.hubresponder.block.Fixtures.block;
import static dev.hubresponder.block.Fixtures.decision;
import static dev.hubresponder.block.Fixtures.refusedDecision;
import static dev.hubresponder.block.Fixtures.requests;
import static dev.hubresponder.block.Fixtures.shadowBlock;
import static dev.hubresponder.block.Fixtures.unblock;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hubresponder.address.AddressPolicy;
import dev.hubresponder.ledger.InMemoryActionLedger;
import dev.hubresponder.testing.MutableClock;
import dev.hubresponder.ledger.ActionKey;
import dev.hubresponder.ledger.LedgerEntry;
import dev.hubresponder.ledger.LedgerState;
import dev.hubresponder.policy.Decision;
import dev.hubresponder.policy.PlannedAction;
import dev.hubresponder.policy.ResponseAction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The blocking stage's decisions over an in-memory set and ledger: ownership, duplicates, capacity, failures. */
class BlockAddressesTest {
    static final Instant START = Instant.parse("2026-11-26T10:00:00Z");
    static final String ATTACKER = "185.220.101.4/32";
    static final String ATTACKER_V6 = "2a06:98c0:3600::103/128";

    final MutableClock clock = new MutableClock(START);
    final InMemoryActionLedger ledger = new InMemoryActionLedger();
    final InMemoryBlockList sets = new InMemoryBlockList();

    static final String ELASTIC_IP = "198.51.200.10";
    static final String NAT_ADDRESS = "203.0.200.20";

    final AtomicInteger lookups = new AtomicInteger();
    OwnAddresses.Lookup ownAddresses = new OwnAddresses.Lookup.Found(Map.of(
            ELASTIC_IP, "an Elastic IP of this account (eipalloc-0a1b2c3d)",
            NAT_ADDRESS, "the public address of NAT gateway nat-0a1b2c3d"));

    BlockAddresses service(Map<String, String> env) {
        OwnAddresses own = () -> {
            lookups.incrementAndGet();
            return ownAddresses;
        };
        return new BlockAddresses(sets, own, ledger, new AddressPolicy(List.of("9.9.9.0/24")),
                BlockSettings.fromEnv(env), Duration.ofMinutes(5), clock);
    }

    BlockAddresses service() {
        return service(Map.of());
    }

    @Test
    void blocksAPublicAttackerAndRecordsThatTheResponderAddedIt() {
        BlockRun run = service().apply(requests(decision("f-1", block(ATTACKER))));

        assertThat(sets.entries(IpVersion.V4)).containsExactly(ATTACKER);
        assertThat(sets.writes()).isEqualTo(1);
        assertThat(run.addresses()).singleElement().satisfies(a -> {
            assertThat(a.result()).isEqualTo(BLOCKED);
            assertThat(a.detail()).isEqualTo("blocked " + ATTACKER + " in " + sets.setName(IpVersion.V4)
                    + " until 2026-11-27T10:00:00Z");
        });
        LedgerEntry record = ledger.find(new ActionKey("f-1", ResponseAction.BLOCK_ADDRESS, ATTACKER)).orElseThrow();
        assertThat(record.state()).isEqualTo(LedgerState.DONE);
        assertThat(record.expiresAt()).isEqualTo(START.plus(Duration.ofHours(24)));
        assertThat(record.productArn()).isEqualTo(Fixtures.GUARDDUTY);
        assertThat(record.leaseUntil()).isNull();
        assertThat(record.artifacts()).containsEntry("addedToSet", "true");
        assertThat(ledger.find(BlockHoldings.keyOf(ATTACKER)).orElseThrow().state()).isEqualTo(LedgerState.DONE);
        assertThat(run.retryable()).isFalse();
    }

    @Test
    void writesEachSetOnceForAllTheFindingsOfAnInvocation() {
        List<Decision> decisions = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            decisions.add(decision("f-" + i, block("185.220.101." + i + "/32"), block("2a06:98c0::" + i + "/128")));
        }

        BlockRun run = service().apply(requests(decisions.toArray(Decision[]::new)));

        assertThat(sets.writes(IpVersion.V4)).isEqualTo(1);
        assertThat(sets.writes(IpVersion.V6)).isEqualTo(1);
        assertThat(sets.entries(IpVersion.V4)).hasSize(40);
        assertThat(sets.entries(IpVersion.V6)).hasSize(40);
        assertThat(run.addresses()).hasSize(80).allSatisfy(a -> assertThat(a.result()).isEqualTo(BLOCKED));
        assertThat(run.sets()).extracting(SetReport::written).containsExactly(true, true);
    }

    @Test
    void aFindingWithThousandsOfSourcesBlocksAtMostItsCapAndRecordsTheRestAsRefused() {
        PlannedAction[] sources = new PlannedAction[2_000];
        for (int i = 0; i < sources.length; i++) {
            sources[i] = block("45." + (i / 250) + "." + (i % 250) + ".1/32");
        }

        BlockRun run = service().apply(requests(decision("f-probe", sources)));

        assertThat(sets.entries(IpVersion.V4)).hasSize(BlockSettings.DEFAULT_MAX_PER_FINDING);
        assertThat(run.addresses()).filteredOn(a -> a.result() == REFUSED).hasSize(2_000 - 50)
                .allSatisfy(a -> assertThat(a.detail()).endsWith("refused: this finding already has 50 addresses"
                        + " to block in this run, the most one finding may block (RESPONDER_MAX_BLOCKS_PER_FINDING=50)"));
        assertThat(ledger.find(new ActionKey("f-probe", ResponseAction.BLOCK_ADDRESS, "45.7.249.1/32")).orElseThrow()
                .state()).isEqualTo(LedgerState.REFUSED);
    }

    @Test
    void oneRunBlocksAtMostItsCapForAllItsFindings() {
        List<Decision> decisions = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            decisions.add(decision("f-" + i, block("185.220.101." + i + "/32")));
        }

        BlockRun run = service(Map.of("RESPONDER_MAX_BLOCKS_PER_RUN", "20")).apply(
                requests(decisions.toArray(Decision[]::new)));

        assertThat(sets.entries(IpVersion.V4)).hasSize(20);
        assertThat(run.addresses()).filteredOn(a -> a.result() == REFUSED).hasSize(10)
                .allSatisfy(a -> assertThat(a.detail()).contains("the most one run may block"
                        + " (RESPONDER_MAX_BLOCKS_PER_RUN=20)"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.3.7", "172.31.43.6/32", "169.254.169.254", "0.0.0.0/0", "192.0.2.1", "::1",
        "fd00:ec2::254", "::ffff:10.0.0.1", "9.9.9.9", "not-an-address", "185.220.101.0/24"})
    void neverBlocksARefusedAddressEvenWhenTheCallerAsksTo(String target) {
        BlockRun run = service().apply(requests(decision("f-1", block(target))));

        assertThat(sets.writes()).isZero();
        assertThat(sets.entries(IpVersion.V4)).isEmpty();
        assertThat(sets.entries(IpVersion.V6)).isEmpty();
        assertThat(run.addresses()).singleElement().satisfies(a -> {
            assertThat(a.result()).isEqualTo(REFUSED);
            assertThat(a.detail()).startsWith("block of ").contains(" refused: ");
        });
        assertThat(ledger.all()).singleElement().satisfies(e -> assertThat(e.state()).isEqualTo(LedgerState.REFUSED));
    }

    @Test
    void recordsThePolicysRefusalsWithoutWriting() {
        BlockRun run = service().apply(requests(refusedDecision("f-1", "10.0.3.7", "10.0.3.7 is private")));

        assertThat(sets.writes()).isZero();
        assertThat(run.addresses()).singleElement().satisfies(a -> {
            assertThat(a.result()).isEqualTo(REFUSED);
            assertThat(a.detail()).isEqualTo("block of 10.0.3.7/32 refused: 10.0.3.7 is private");
        });
    }

    @Test
    void aDuplicateDeliveryDoesNotWriteAgain() {
        service().apply(requests(decision("f-1", block(ATTACKER))));

        BlockRun again = service().apply(requests(decision("f-1", block(ATTACKER))));

        assertThat(sets.writes()).isEqualTo(1);
        assertThat(again.addresses()).singleElement().satisfies(a -> assertThat(a.result()).isEqualTo(DUPLICATE));
        assertThat(again.sets()).isEmpty();
    }

    @Test
    void anotherFindingForABlockedHostExtendsTheHoldWithoutWriting() {
        service().apply(requests(decision("f-1", block(ATTACKER))));
        clock.advance(Duration.ofHours(5));

        BlockRun second = service().apply(requests(decision("f-2", block(ATTACKER))));

        assertThat(sets.writes()).isEqualTo(1);
        assertThat(second.addresses()).singleElement().satisfies(a -> {
            assertThat(a.result()).isEqualTo(ALREADY_BLOCKED);
            assertThat(a.detail()).contains("already blocked").contains("by the responder");
        });
        assertThat(ledger.find(BlockHoldings.keyOf(ATTACKER)).orElseThrow().expiresAt())
                .isEqualTo(START.plus(Duration.ofHours(29)));
    }

    @Test
    void anAddressPeopleAddedIsRecordedButNeverTakenOutByUnblock() {
        sets.addByHand(IpVersion.V4, "185.220.101.4/32");

        BlockRun blocked = service().apply(requests(decision("f-1", block(ATTACKER))));
        BlockRun unblocked = service().apply(analystRequests(decision("f-1", unblock(ATTACKER))));

        assertThat(blocked.addresses()).singleElement().satisfies(a -> {
            assertThat(a.result()).isEqualTo(ALREADY_BLOCKED);
            assertThat(a.detail()).contains("added outside the responder");
        });
        assertThat(unblocked.addresses()).singleElement().satisfies(a -> {
            assertThat(a.result()).isEqualTo(NOT_OURS);
            assertThat(a.detail()).contains("was not added to").contains("by the responder: left in place");
        });
        assertThat(sets.entries(IpVersion.V4)).containsExactly("185.220.101.4/32");
        assertThat(sets.writes()).isZero();
        assertThat(ledger.find(new ActionKey("f-1", ResponseAction.BLOCK_ADDRESS, ATTACKER)).orElseThrow().state())
                .isEqualTo(LedgerState.RELEASED);
    }

    @Test
    void unblockTakesOutWhatTheResponderAddedInAnySpellingAndReleasesEveryRecord() {
        sets.addByHand(IpVersion.V6, "2a06:98c0::ffff/128");
        service().apply(requests(decision("f-1", block(ATTACKER_V6)), decision("f-2", block(ATTACKER_V6))));

        BlockRun run = service().apply(analystRequests(decision("f-3", unblock("2A06:98C0:3600:0:0:0:0:103"))));

        assertThat(run.addresses()).singleElement().satisfies(a -> {
            assertThat(a.result()).isEqualTo(UNBLOCKED);
            assertThat(a.target()).isEqualTo(ATTACKER_V6);
        });
        assertThat(sets.entries(IpVersion.V6)).containsExactly("2a06:98c0::ffff/128");
        assertThat(ledger.findByTarget(ATTACKER_V6)).extracting(e -> e.key().findingId() + " " + e.state())
                .containsExactlyInAnyOrder("f-1 RELEASED", "f-2 RELEASED", BlockHoldings.HOLDER_ID + " RELEASED",
                        "f-3 DONE");
    }

    @Test
    void anOperatorsUnblockWithoutAFindingTakesOutOnlyWhatTheResponderAdded() {
        sets.addByHand(IpVersion.V4, "45.155.205.233/32");
        service().apply(requests(decision("f-1", block(ATTACKER))));

        BlockRun run = service().apply(List.of(
                BlockRequest.operatorUnblock("185.220.101.4", "alice", "false positive: our scanner"),
                BlockRequest.operatorUnblock("45.155.205.233", "alice", "not ours to remove")));

        assertThat(run.addresses()).extracting(AddressOutcome::result).containsExactlyInAnyOrder(UNBLOCKED, NOT_OURS);
        assertThat(sets.entries(IpVersion.V4)).containsExactly("45.155.205.233/32");
        assertThat(ledger.find(new ActionKey("operator:alice", ResponseAction.UNBLOCK_ADDRESS, ATTACKER))
                .orElseThrow().state()).isEqualTo(LedgerState.DONE);
        assertThat(ledger.find(new ActionKey("f-1", ResponseAction.BLOCK_ADDRESS, ATTACKER)).orElseThrow()
                .reason()).isEqualTo("unblocked for finding operator:alice: false positive: our scanner");
    }

    @Test
    void aRedeliveredFindingDoesNotBlockAgainWhatWasUnblockedButAnAnalystCan() {
        service().apply(requests(decision("f-1", block(ATTACKER))));
        service().apply(analystRequests(decision("f-1", unblock(ATTACKER))));

        BlockRun redelivered = service().apply(requests(decision("f-1", block(ATTACKER))));
        assertThat(redelivered.addresses()).singleElement().satisfies(a -> {
            assertThat(a.result()).isEqualTo(DUPLICATE);
            assertThat(a.detail()).contains("a redelivery does not block it again");
        });
        assertThat(sets.entries(IpVersion.V4)).isEmpty();

        BlockRun analyst = service().apply(analystRequests(decision("f-1", block(ATTACKER))));
        assertThat(analyst.addresses()).singleElement().satisfies(a -> assertThat(a.result()).isEqualTo(BLOCKED));
        assertThat(sets.entries(IpVersion.V4)).containsExactly(ATTACKER);
    }

    @Test
    void shadowModeRecordsWhatWouldHaveBeenDoneAndWritesNothing() {
        BlockRun run = service().apply(requests(decision("f-1", shadowBlock(ATTACKER))));

        assertThat(sets.writes()).isZero();
        assertThat(run.addresses()).singleElement().satisfies(a -> {
            assertThat(a.result()).isEqualTo(SHADOW);
            assertThat(a.detail()).startsWith("shadow mode: would have blocked " + ATTACKER);
        });
        assertThat(ledger.all()).singleElement().satisfies(e -> assertThat(e.state()).isEqualTo(LedgerState.SHADOW));
    }

    @Test
    void aFullSetRefusesWhatDoesNotFitAndSaysTheHighWaterMarkIsReached() {
        sets.addByHand(IpVersion.V4, "1.1.1.1/32", "1.0.0.1/32", "8.8.4.0/24");
        Map<String, String> env = Map.of("RESPONDER_WAF_SET_CAPACITY", "5", "RESPONDER_WAF_HIGH_WATER_PERCENT", "80");

        BlockRun run = service(env).apply(requests(decision("f-1", block("185.220.101.1"), block("185.220.101.2"),
                block("185.220.101.3"))));

        assertThat(sets.entries(IpVersion.V4)).hasSize(5).contains("185.220.101.1/32", "185.220.101.2/32");
        assertThat(run.addresses()).extracting(AddressOutcome::result).containsExactly(BLOCKED, BLOCKED, REFUSED);
        assertThat(run.addresses().get(2).detail()).isEqualTo(sets.setName(IpVersion.V4)
                + " is full (3 of 5 entries, policy REFUSE): 185.220.101.3/32 not blocked");
        assertThat(run.sets()).singleElement().satisfies(s -> {
            assertThat(s.sizeAfter()).isEqualTo(5);
            assertThat(s.highWater()).isTrue();
        });
        assertThat(run.highWaterReached()).isTrue();
    }

    @Test
    void evictOldestTakesOutOnlyTheResponderOwnOldestEntries() {
        Map<String, String> env = Map.of("RESPONDER_WAF_SET_CAPACITY", "4",
                "RESPONDER_WAF_FULL_SET_POLICY", "EVICT_OLDEST");
        sets.addByHand(IpVersion.V4, "1.1.1.1/32");
        service(env).apply(requests(decision("f-old", block("185.220.101.1"))));
        clock.advance(Duration.ofMinutes(1));
        service(env).apply(requests(decision("f-mid", block("185.220.101.2"))));
        clock.advance(Duration.ofMinutes(1));
        service(env).apply(requests(decision("f-new", block("185.220.101.3"))));
        clock.advance(Duration.ofMinutes(1));

        BlockRun run = service(env).apply(requests(decision("f-next", block("45.155.205.1"), block("45.155.205.2"))));

        assertThat(sets.entries(IpVersion.V4)).containsExactlyInAnyOrder("1.1.1.1/32", "185.220.101.3/32",
                "45.155.205.1/32", "45.155.205.2/32");
        assertThat(run.sets()).singleElement().satisfies(s ->
                assertThat(s.evicted()).containsExactly("185.220.101.1/32", "185.220.101.2/32"));
        assertThat(ledger.find(new ActionKey("f-old", ResponseAction.BLOCK_ADDRESS, "185.220.101.1/32"))
                .orElseThrow()).satisfies(e -> {
                    assertThat(e.state()).isEqualTo(LedgerState.RELEASED);
                    assertThat(e.reason()).contains("evicted from").contains("EVICT_OLDEST");
                });
    }

    @Test
    void evictOldestRefusesWhenOnlyPeoplesEntriesAreLeft() {
        Map<String, String> env = Map.of("RESPONDER_WAF_SET_CAPACITY", "2",
                "RESPONDER_WAF_FULL_SET_POLICY", "EVICT_OLDEST");
        sets.addByHand(IpVersion.V4, "1.1.1.1/32", "1.0.0.1/32");

        BlockRun run = service(env).apply(requests(decision("f-1", block(ATTACKER))));

        assertThat(sets.entries(IpVersion.V4)).containsExactlyInAnyOrder("1.1.1.1/32", "1.0.0.1/32");
        assertThat(run.addresses()).singleElement().satisfies(a -> {
            assertThat(a.result()).isEqualTo(REFUSED);
            assertThat(a.detail()).contains("not enough entries the responder added to evict");
        });
    }

    @Test
    void aRetryableFailureLeavesTheRecordForTheRetryWhichThenBlocks() {
        sets.failNext(WriteFailure.THROTTLED);

        BlockRun first = service().apply(requests(decision("f-1", block(ATTACKER))));

        assertThat(first.retryable()).isTrue();
        assertThat(first.addresses()).singleElement().satisfies(a -> {
            assertThat(a.result()).isEqualTo(WILL_RETRY);
            assertThat(a.detail()).contains("THROTTLED");
        });
        LedgerEntry left = ledger.find(new ActionKey("f-1", ResponseAction.BLOCK_ADDRESS, ATTACKER)).orElseThrow();
        assertThat(left.state()).isEqualTo(LedgerState.PLANNED);
        assertThat(left.leaseUntil()).isNull();

        BlockRun retry = service().apply(requests(decision("f-1", block(ATTACKER))));

        assertThat(retry.addresses()).singleElement().satisfies(a -> assertThat(a.result()).isEqualTo(BLOCKED));
        assertThat(sets.entries(IpVersion.V4)).containsExactly(ATTACKER);
    }

    @Test
    void aPermanentFailureIsRecordedAsFailed() {
        sets.failNext(WriteFailure.LIMIT_EXCEEDED);

        BlockRun run = service().apply(requests(decision("f-1", block(ATTACKER))));

        assertThat(run.retryable()).isFalse();
        assertThat(run.addresses()).singleElement().satisfies(a -> assertThat(a.result()).isEqualTo(FAILED));
        assertThat(run.sets()).singleElement().satisfies(s ->
                assertThat(s.failure()).isEqualTo(WriteFailure.LIMIT_EXCEEDED));
        assertThat(ledger.find(new ActionKey("f-1", ResponseAction.BLOCK_ADDRESS, ATTACKER)).orElseThrow().state())
                .isEqualTo(LedgerState.FAILED);
    }

    @Test
    void aRecordLeasedByAnotherDeliveryIsLeftToItAndRetriedLater() {
        LedgerEntry leased = new LedgerEntry(new ActionKey("f-1", ResponseAction.BLOCK_ADDRESS, ATTACKER), "hr-x",
                LedgerState.PLANNED, "other delivery", null, null, null, null, List.of(), Map.of(), START, START,
                null, 1, START.plusSeconds(60));
        ledger.put(leased);

        BlockRun run = service().apply(requests(decision("f-1", block(ATTACKER))));

        assertThat(sets.writes()).isZero();
        assertThat(run.addresses()).singleElement().satisfies(a -> assertThat(a.result()).isEqualTo(IN_PROGRESS));
        assertThat(run.retryable()).isTrue();

        clock.advance(Duration.ofSeconds(61));
        BlockRun later = service().apply(requests(decision("f-1", block(ATTACKER))));

        assertThat(later.addresses()).singleElement().satisfies(a -> assertThat(a.result()).isEqualTo(BLOCKED));
    }

    @Test
    void blocksNeverExpireWhenTheExpiryIsZero() {
        service(Map.of("RESPONDER_BLOCK_EXPIRY_HOURS", "0")).apply(requests(decision("f-1", block(ATTACKER))));

        assertThat(ledger.find(BlockHoldings.keyOf(ATTACKER)).orElseThrow().expiresAt()).isNull();
        assertThat(ledger.find(new ActionKey("f-1", ResponseAction.BLOCK_ADDRESS, ATTACKER)).orElseThrow()
                .expiresAt()).isNull();
    }

    @Test
    void neverBlocksTheAccountsElasticIpsOrNatGatewayAddressesAndLooksThemUpOncePerRun() {
        BlockRun run = service().apply(requests(
                decision("f-1", block(ELASTIC_IP + "/32"), block(ATTACKER)),
                decision("f-2", block(NAT_ADDRESS), block(ATTACKER_V6))));

        assertThat(lookups.get()).isEqualTo(1);
        assertThat(sets.entries(IpVersion.V4)).containsExactly(ATTACKER);
        assertThat(sets.entries(IpVersion.V6)).containsExactly(ATTACKER_V6);
        assertThat(run.forFinding("f-1")).filteredOn(a -> a.result() == REFUSED).singleElement()
                .extracting(AddressOutcome::detail).isEqualTo("block of 198.51.200.10/32 refused: 198.51.200.10/32 is"
                        + " an Elastic IP of this account (eipalloc-0a1b2c3d): never blocked");
        assertThat(run.forFinding("f-2")).filteredOn(a -> a.result() == REFUSED).singleElement()
                .extracting(AddressOutcome::detail).isEqualTo("block of 203.0.200.20/32 refused: 203.0.200.20/32 is"
                        + " the public address of NAT gateway nat-0a1b2c3d: never blocked");
        assertThat(ledger.find(new ActionKey("f-2", ResponseAction.BLOCK_ADDRESS, NAT_ADDRESS + "/32"))
                .orElseThrow().state()).isEqualTo(LedgerState.REFUSED);
        assertThat(run.actedOn("f-1")).as("a refusal BlockAddresses made itself is news for the alert").isTrue();
    }

    @Test
    void anOwnAddressDoesNotCountAgainstTheFindingsCap() {
        BlockRun run = service(Map.of("RESPONDER_MAX_BLOCKS_PER_FINDING", "1")).apply(requests(
                decision("f-1", block(ELASTIC_IP), block(ATTACKER))));

        assertThat(sets.entries(IpVersion.V4)).containsExactly(ATTACKER);
        assertThat(run.addresses()).extracting(AddressOutcome::result).containsExactlyInAnyOrder(REFUSED, BLOCKED);
    }

    @Test
    void whenTheAccountsOwnAddressesCannotBeReadForGoodNothingIsBlocked() {
        ownAddresses = new OwnAddresses.Lookup.Failed(false,
                "DescribeAddresses failed: UnauthorizedOperation: You are not authorized to perform this operation.");

        BlockRun run = service().apply(requests(decision("f-1", block(ATTACKER), block(ATTACKER_V6))));

        assertThat(sets.writes()).isZero();
        assertThat(run.retryable()).isFalse();
        assertThat(run.addresses()).hasSize(2).allSatisfy(a -> {
            assertThat(a.result()).isEqualTo(REFUSED);
            assertThat(a.detail()).endsWith(" refused: the account's own public addresses (Elastic IPs, NAT gateways)"
                    + " could not be looked up: DescribeAddresses failed: UnauthorizedOperation: You are not"
                    + " authorized to perform this operation.; never blocked without that check");
        });
        LedgerEntry record = ledger.find(new ActionKey("f-1", ResponseAction.BLOCK_ADDRESS, ATTACKER)).orElseThrow();
        assertThat(record.state()).isEqualTo(LedgerState.REFUSED);
        assertThat(record.leaseUntil()).isNull();
        assertThat(lookups.get()).isEqualTo(1);
    }

    @Test
    void whenTheAccountsOwnAddressesCannotBeReadForNowTheBlocksAreRetriedAndTheRetryBlocks() {
        ownAddresses = new OwnAddresses.Lookup.Failed(true, "DescribeNatGateways failed: RequestLimitExceeded: slow");

        BlockRun run = service().apply(requests(decision("f-1", block(ATTACKER))));

        assertThat(sets.writes()).isZero();
        assertThat(run.retryable()).isTrue();
        assertThat(run.addresses()).singleElement().satisfies(a -> {
            assertThat(a.result()).isEqualTo(WILL_RETRY);
            assertThat(a.detail()).isEqualTo("block of " + ATTACKER + " not written: the account's own public"
                    + " addresses (Elastic IPs, NAT gateways) could not be looked up: DescribeNatGateways failed:"
                    + " RequestLimitExceeded: slow (retried)");
        });
        assertThat(ledger.find(new ActionKey("f-1", ResponseAction.BLOCK_ADDRESS, ATTACKER)).orElseThrow().state())
                .isEqualTo(LedgerState.PLANNED);

        ownAddresses = new OwnAddresses.Lookup.Found(Map.of());
        BlockRun retry = service().apply(requests(decision("f-1", block(ATTACKER))));

        assertThat(retry.addresses()).singleElement().satisfies(a -> assertThat(a.result()).isEqualTo(BLOCKED));
        assertThat(sets.entries(IpVersion.V4)).containsExactly(ATTACKER);
    }

    @Test
    void aRunWithNothingToBlockDoesNotLookTheAccountsAddressesUp() {
        service().apply(requests(decision("f-1", block("10.0.0.5/32")), decision("f-2", unblock(ATTACKER))));

        assertThat(lookups.get()).isZero();
    }

    @Test
    void shadowModeSaysAnOwnAddressWouldBeRefused() {
        BlockRun run = service().apply(requests(decision("f-1", shadowBlock(NAT_ADDRESS))));

        assertThat(run.addresses()).singleElement().satisfies(a -> {
            assertThat(a.result()).isEqualTo(REFUSED);
            assertThat(a.detail()).contains("NAT gateway nat-0a1b2c3d: never blocked");
        });
    }
}
