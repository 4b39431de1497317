package dev.hubresponder.block;

import dev.hubresponder.finding.Finding;
import dev.hubresponder.metrics.ResponderMetrics;
import dev.hubresponder.metrics.ResponderMetrics.ActionResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The addresses' outcomes as the action metrics the dashboard and the {@code ActionsFailed} alarm read: a block or
 * unblock done (and, for a block, the time from the finding's first sighting), refused, shadow, or failed for good.
 * A redelivery and an outcome still to be retried count nothing until they end. A set at its high-water mark is
 * counted too: the template's {@code IpSetHighWaterAlarm} turns that into an alert on the alert topic.
 */
public final class BlockMetrics {
    private final ResponderMetrics metrics;
    private final Clock clock;

    public BlockMetrics(ResponderMetrics metrics, Clock clock) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Counts every address outcome of the run that has ended, and each set left at its high-water mark. */
    public void ended(BlockRun run, List<Finding> findings) {
        Map<String, Finding> byId = byId(findings);
        Instant now = clock.instant();
        for (AddressOutcome a : run.addresses()) {
            Finding finding = byId.get(a.findingId());
            ActionResult result = switch (a.result()) {
                case BLOCKED, ALREADY_BLOCKED, UNBLOCKED -> ActionResult.DONE;
                case REFUSED, NOT_OURS -> ActionResult.REFUSED;
                case SHADOW -> ActionResult.SHADOW;
                case FAILED -> ActionResult.FAILED;
                case DUPLICATE, IN_PROGRESS, WILL_RETRY -> null;
            };
            if (finding == null || result == null) {
                continue;
            }
            metrics.actionEnded(a.action(), finding.severity(), result);
            Instant seen = finding.firstObservedAt() != null ? finding.firstObservedAt() : finding.createdAt();
            if (a.result() == AddressOutcome.Result.BLOCKED && seen != null) {
                metrics.timeToContain(a.action(), finding.severity(), Duration.between(seen, now));
            }
        }
        for (SetReport set : run.sets()) {
            if (set.highWater()) {
                metrics.ipSetNearlyFull(set.set(), set.sizeAfter(), set.capacity());
            }
        }
    }

    /** Counts as failed the retryable outcomes that will not be tried again (the queue's last delivery). */
    public void gaveUp(List<AddressOutcome> unsettled, List<Finding> findings) {
        Map<String, Finding> byId = byId(findings);
        for (AddressOutcome a : unsettled) {
            Finding finding = byId.get(a.findingId());
            if (finding != null) {
                metrics.actionEnded(a.action(), finding.severity(), ActionResult.FAILED);
            }
        }
    }

    private static Map<String, Finding> byId(List<Finding> findings) {
        return findings.stream().collect(Collectors.toMap(Finding::id, Function.identity(), (a, b) -> a));
    }
}
