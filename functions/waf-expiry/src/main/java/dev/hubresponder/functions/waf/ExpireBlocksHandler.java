package dev.hubresponder.functions.waf;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.hubresponder.action.RetryableActionException;
import dev.hubresponder.aws.lambda.StageRunner;
import dev.hubresponder.block.SetReport;
import dev.hubresponder.block.SweepReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduled sweep (an EventBridge schedule; the event's content is not used): takes expired blocks out of the
 * WAF IP sets, one write per set, records them RELEASED in the ledger, and reports drift (entries the responder
 * did not add, blocks missing from their set and put back). Returns the {@link SweepReport} as JSON.
 *
 * <p>A set that could not be written for a reason that may pass (throttling, conflicts, WAF unavailable) fails the
 * invocation so that it is retried; the next scheduled sweep would pick the work up as well.
 */
public final class ExpireBlocksHandler implements RequestStreamHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ExpireBlocksHandler.class);

    private final ExpireBlocksWiring wiring;

    public ExpireBlocksHandler() {
        this(ExpireBlocksWiring.fromEnv(System.getenv()));
    }

    ExpireBlocksHandler(ExpireBlocksWiring wiring) {
        this.wiring = wiring;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        StageRunner.invoke(input, output, context, wiring.mapper(), event -> StageRunner.traced("ExpireBlocks",
                Map.of("stage", "ExpireBlocks"), this::sweep, report -> Map.of("outcome", "SWEPT")));
    }

    private SweepReport sweep() {
        SweepReport report = wiring.sweep().sweep();
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
