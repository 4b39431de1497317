package dev.hubresponder.functions.waf;

import dev.hubresponder.aws.lambda.StageHandler;
import dev.hubresponder.block.SweepReport;

/**
 * The scheduled sweep (an EventBridge schedule; the event's content is not used): takes expired blocks out of the
 * WAF IP sets, one write per set, records them RELEASED in the ledger, and reports drift (entries the responder
 * did not add, blocks missing from their set and put back). Returns the {@link SweepReport} as JSON.
 *
 * <p>A set that could not be written for a reason that may pass (throttling, conflicts, WAF unavailable) fails the
 * invocation so that it is retried; the next scheduled sweep would pick the work up as well.
 */
public final class ExpireBlocksHandler extends StageHandler {

    public ExpireBlocksHandler() {
        this(ExpireBlocksWiring.fromEnv(System.getenv()));
    }

    ExpireBlocksHandler(ExpireBlocksWiring wiring) {
        super(wiring.mapper(), null, (event, context) -> ExpiryStage.sweep(wiring.sweep()));
    }
}
