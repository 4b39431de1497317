package dev.hubresponder.block;

import static dev.hubresponder.block.Fixtures.decision;
import static dev.hubresponder.block.Fixtures.requests;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hubresponder.address.AddressPolicy;
import dev.hubresponder.ledger.InMemoryActionLedger;
import dev.hubresponder.testing.MutableClock;
import dev.hubresponder.ledger.ActionKey;
import dev.hubresponder.ledger.LedgerEntry;
import dev.hubresponder.ledger.LedgerState;
import dev.hubresponder.policy.PlannedAction;
import dev.hubresponder.policy.ResponseAction;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The expiry sweep over an in-memory set and ledger: expiry, extension, drift. */
class ExpireBlocksTest {
    static final Instant START = Instant.parse("2026-11-26T10:00:00Z");

    final MutableClock clock = new MutableClock(START);
    final InMemoryActionLedger ledger = new InMemoryActionLedger();
    final InMemoryBlockList sets = new InMemoryBlockList();

    void block(Map<String, String> env, String findingId, String... hosts) {
        BlockAddresses service = new BlockAddresses(sets, OwnAddresses.fixed(Map.of()), ledger, new AddressPolicy(List.of()),
                BlockSettings.fromEnv(env), Duration.ofMinutes(5), clock);
        service.apply(requests(decision(findingId, Arrays.stream(hosts).map(Fixtures::block)
                .toArray(PlannedAction[]::new))));
    }

    SweepReport sweep() {
        return sweep(List.of(), false);
    }

    SweepReport sweep(List<String> neverBlock, boolean killSwitch) {
        return new ExpireBlocks(sets, ledger, BlockSettings.defaults(), new AddressPolicy(neverBlock), killSwitch,
                clock).sweep();
    }

    @Test
    void removesExpiredBlocksInOneWritePerSetAndLeavesEverythingElse() {
        sets.addByHand(IpVersion.V4, "1.1.1.1/32", "8.8.4.0/24");
        block(Map.of(), "f-1", "185.220.101.1", "185.220.101.2", "2a06:98c0::1");
        clock.advance(Duration.ofHours(1));
        block(Map.of(), "f-2", "185.220.101.3");
        int writesBefore = sets.writes();
        clock.advance(Duration.ofHours(23).plusMinutes(30));

        SweepReport report = sweep();

        assertThat(report.removed()).containsExactlyInAnyOrder("185.220.101.1/32", "185.220.101.2/32",
                "2a06:98c0::1/128");
        assertThat(sets.entries(IpVersion.V4)).containsExactlyInAnyOrder("1.1.1.1/32", "8.8.4.0/24",
                "185.220.101.3/32");
        assertThat(sets.entries(IpVersion.V6)).isEmpty();
        assertThat(sets.writes() - writesBefore).isEqualTo(2);
        assertThat(report.entriesNotOurs()).isEqualTo(2);
        LedgerEntry released = ledger.find(new ActionKey("f-1", ResponseAction.BLOCK_ADDRESS, "185.220.101.1/32"))
                .orElseThrow();
        assertThat(released.state()).isEqualTo(LedgerState.RELEASED);
        assertThat(released.reason()).startsWith("block expired at 2026-11-27T10:00:00Z; removed from ");
        assertThat(ledger.find(BlockHoldings.keyOf("185.220.101.1/32")).orElseThrow().state())
                .isEqualTo(LedgerState.RELEASED);
        assertThat(report.retryable()).isFalse();
    }

    @Test
    void keepsAHostThatALaterFindingStillBlocksWhenItsHoldingSaysOtherwise() {
        block(Map.of(), "f-1", "185.220.101.1");
        clock.advance(Duration.ofHours(20));
        block(Map.of(), "f-2", "185.220.101.1");
        LedgerEntry holding = ledger.find(BlockHoldings.keyOf("185.220.101.1/32")).orElseThrow();
        ledger.put(holding.withExpiresAt(START.plus(Duration.ofHours(24)), clock.instant()));
        clock.advance(Duration.ofHours(5));

        SweepReport report = sweep();

        assertThat(report.removed()).isEmpty();
        assertThat(report.extended()).containsExactly("185.220.101.1/32");
        assertThat(sets.entries(IpVersion.V4)).containsExactly("185.220.101.1/32");
        assertThat(ledger.find(BlockHoldings.keyOf("185.220.101.1/32")).orElseThrow().expiresAt())
                .isEqualTo(START.plus(Duration.ofHours(44)));
    }

    @Test
    void putsBackAnUnexpiredBlockThatWentMissingAndReportsIt() {
        block(Map.of(), "f-1", "185.220.101.1", "185.220.101.2");
        sets.removeByHand(IpVersion.V4, "185.220.101.2/32");
        clock.advance(Duration.ofHours(1));

        SweepReport report = sweep();

        assertThat(report.reAdded()).containsExactly("185.220.101.2/32");
        assertThat(sets.entries(IpVersion.V4)).containsExactlyInAnyOrder("185.220.101.1/32", "185.220.101.2/32");
    }

    @Test
    void withTheKillSwitchOnAMissingBlockIsReportedButNotPutBack() {
        block(Map.of(), "f-1", "185.220.101.1", "185.220.101.2");
        sets.removeByHand(IpVersion.V4, "185.220.101.2/32");
        clock.advance(Duration.ofHours(1));

        SweepReport report = sweep(List.of(), true);

        assertThat(report.reAdded()).isEmpty();
        assertThat(report.missing()).containsExactly("185.220.101.2/32");
        assertThat(sets.entries(IpVersion.V4)).containsExactly("185.220.101.1/32");
    }

    @Test
    void aBlockedHostAddedToTheNeverBlockRangesIsTakenOutAndReleasedWithTheReason() {
        block(Map.of(), "f-1", "185.220.101.1", "185.220.101.2");
        sets.removeByHand(IpVersion.V4, "185.220.101.2/32");
        clock.advance(Duration.ofHours(1));

        SweepReport report = sweep(List.of("185.220.101.0/24"), false);

        assertThat(report.removed()).containsExactly("185.220.101.1/32");
        assertThat(report.alreadyGone()).containsExactly("185.220.101.2/32");
        assertThat(report.reAdded()).isEmpty();
        assertThat(sets.entries(IpVersion.V4)).isEmpty();
        LedgerEntry released = ledger.find(new ActionKey("f-1", ResponseAction.BLOCK_ADDRESS, "185.220.101.1/32"))
                .orElseThrow();
        assertThat(released.state()).isEqualTo(LedgerState.RELEASED);
        assertThat(released.reason()).startsWith("no longer blockable: 185.220.101.1 is in never-block range 185.220.101.0/24 "
                + "(RESPONDER_NEVER_BLOCK_CIDRS); removed from ");
    }

    @Test
    void releasesAnExpiredBlockThatSomeoneAlreadyTookOut() {
        block(Map.of(), "f-1", "185.220.101.1");
        sets.removeByHand(IpVersion.V4, "185.220.101.1/32");
        clock.advance(Duration.ofHours(25));

        SweepReport report = sweep();

        assertThat(report.alreadyGone()).containsExactly("185.220.101.1/32");
        assertThat(report.reAdded()).isEmpty();
        assertThat(sets.entries(IpVersion.V4)).isEmpty();
        assertThat(ledger.find(BlockHoldings.keyOf("185.220.101.1/32")).orElseThrow().state())
                .isEqualTo(LedgerState.RELEASED);
    }

    @Test
    void neverRemovesABlockWithoutExpiry() {
        block(Map.of("RESPONDER_BLOCK_EXPIRY_HOURS", "0"), "f-1", "185.220.101.1");
        clock.advance(Duration.ofDays(400));

        SweepReport report = sweep();

        assertThat(report.removed()).isEmpty();
        assertThat(sets.entries(IpVersion.V4)).containsExactly("185.220.101.1/32");
    }

    @Test
    void aFailedWriteKeepsTheRecordsAndSaysWhetherToRetry() {
        block(Map.of(), "f-1", "185.220.101.1");
        clock.advance(Duration.ofHours(25));
        sets.failNext(WriteFailure.CONFLICT);

        SweepReport report = sweep();

        assertThat(report.retryable()).isTrue();
        assertThat(report.removed()).isEmpty();
        assertThat(ledger.find(BlockHoldings.keyOf("185.220.101.1/32")).orElseThrow().state())
                .isEqualTo(LedgerState.DONE);
    }
}
