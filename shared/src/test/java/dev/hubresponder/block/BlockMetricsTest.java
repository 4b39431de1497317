package dev.hubresponder.block;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubresponder.block.AddressOutcome.Result;
import dev.hubresponder.policy.ResponseAction;
import dev.hubresponder.testing.RecordingMetrics;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlockMetricsTest {
    final RecordingMetrics recorded = new RecordingMetrics();
    final BlockMetrics metrics = new BlockMetrics(recorded,
            Clock.fixed(Instant.parse("2026-11-26T09:05:00Z"), ZoneOffset.UTC));

    @Test
    void countsEachEndedOutcomeAndTheTimeFromFirstSightingToTheBlock() {
        BlockRun run = new BlockRun(List.of(
                outcome("f-1", ResponseAction.BLOCK_ADDRESS, Result.BLOCKED),
                outcome("f-1", ResponseAction.BLOCK_ADDRESS, Result.REFUSED),
                outcome("f-2", ResponseAction.BLOCK_ADDRESS, Result.SHADOW),
                outcome("f-2", ResponseAction.UNBLOCK_ADDRESS, Result.NOT_OURS),
                outcome("f-2", ResponseAction.BLOCK_ADDRESS, Result.FAILED)), List.of());

        metrics.ended(run, List.of(Fixtures.finding("f-1"), Fixtures.finding("f-2")));

        assertThat(recorded.lines).containsExactly(
                "ActionDONE BLOCK_ADDRESS CRITICAL",
                "TimeToContain BLOCK_ADDRESS CRITICAL 300",
                "ActionREFUSED BLOCK_ADDRESS CRITICAL",
                "ActionSHADOW BLOCK_ADDRESS CRITICAL",
                "ActionREFUSED UNBLOCK_ADDRESS CRITICAL",
                "ActionFAILED BLOCK_ADDRESS CRITICAL");
    }

    @Test
    void aRedeliveryOrAnOutcomeStillToBeRetriedCountsNothingUntilItIsGivenUp() {
        List<AddressOutcome> pending = List.of(outcome("f-1", ResponseAction.BLOCK_ADDRESS, Result.WILL_RETRY));
        BlockRun run = new BlockRun(List.of(pending.get(0),
                outcome("f-1", ResponseAction.BLOCK_ADDRESS, Result.DUPLICATE),
                outcome("f-1", ResponseAction.BLOCK_ADDRESS, Result.IN_PROGRESS)), List.of());

        metrics.ended(run, List.of(Fixtures.finding("f-1")));
        assertThat(recorded.lines).isEmpty();

        metrics.gaveUp(pending, List.of(Fixtures.finding("f-1")));
        assertThat(recorded.lines).containsExactly("ActionFAILED BLOCK_ADDRESS CRITICAL");
    }

    @Test
    void aSetLeftAtItsHighWaterMarkIsCountedForTheAlarm() {
        SetReport nearlyFull = new SetReport(IpVersion.V4, "arn:ipset/v4", true, 1, 7, 8, 10, true, List.of(),
                null, null);
        SetReport roomy = new SetReport(IpVersion.V6, "arn:ipset/v6", true, 1, 0, 1, 10, false, List.of(),
                null, null);

        metrics.ended(new BlockRun(List.of(), List.of(nearlyFull, roomy)), List.of());

        assertThat(recorded.lines).containsExactly("IpSetHighWater arn:ipset/v4 8/10");
    }

    static AddressOutcome outcome(String finding, ResponseAction action, Result result) {
        return new AddressOutcome(finding, action, "185.220.101.45/32", result, "detail", "hr-1");
    }
}
