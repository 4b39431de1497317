package dev.hubresponder.functions.waf;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import dev.hubresponder.action.RetryableActionException;
import dev.hubresponder.aws.lambda.StageRunner;
import dev.hubresponder.block.ExpireBlocks;
import dev.hubresponder.block.SetReport;
import dev.hubresponder.block.SweepReport;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One scheduled sweep, traced and logged: what was taken out, the drift found, the sets at their high-water mark or
 * not written. A set that could not be written for a reason that may pass fails the sweep, so that it is retried.
 */
final class ExpiryStage {
    private static final Logger LOG = LoggerFactory.getLogger(ExpiryStage.class);

    private ExpiryStage() {
    }

    static SweepReport sweep(ExpireBlocks blocks) {
        return StageRunner.traced("ExpireBlocks", Map.of("stage", "ExpireBlocks"), () -> swept(blocks),
                report -> Map.of("outcome", report.retryable() ? "RETRY" : "SWEPT"));
    }

    private static SweepReport swept(ExpireBlocks blocks) {
        SweepReport report = blocks.sweep();
        LOG.info("expiry sweep", entry("removed", report.removed()), entry("alreadyGone", report.alreadyGone()),
                entry("extended", report.extended()), entry("entriesNotOurs", report.entriesNotOurs()));
        if (!report.reAdded().isEmpty() || !report.missing().isEmpty()) {
            LOG.warn("drift: blocks the ledger holds were missing from their set", entry("reAdded", report.reAdded()),
                    entry("stillMissing", report.missing()));
        }
        for (SetReport set : report.sets()) {
            if (set.highWater()) {
                LOG.warn("IP set at its high-water mark", entry("ipSet", set.set()),
                        entry("size", set.sizeAfter()), entry("capacity", set.capacity()));
            }
            if (set.failure() != null) {
                LOG.error("IP set not swept", entry("ipSet", set.set()), entry("failure", set.failure()),
                        entry("detail", set.message()));
            }
        }
        if (report.retryable()) {
            throw new RetryableActionException("expiry sweep incomplete; retried: " + report.sets().stream()
                    .filter(s -> s.failure() != null).map(SetReport::message).toList());
        }
        return report;
    }
}
