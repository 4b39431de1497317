package dev.hubresponder.functions.waf;

import dev.hubresponder.aws.lambda.StageHandler;
import dev.hubresponder.handoff.StageReport;

/**
 * Blocks the public attackers of findings in the WAF IP sets, and unblocks on the analyst's custom action, then hands
 * a {@link StageReport} to the ticket and alert stages: threat findings in batches from the block queue, custom
 * actions directly (see {@link BlockStage}). All addresses of the invocation go into one write per set, so the
 * stage's work is the whole batch rather than one finding at a time.
 */
public final class BlockAddressesHandler extends StageHandler {

    public BlockAddressesHandler() {
        this(BlockAddressesWiring.fromEnv(System.getenv()));
        primeOnSnapStart();
    }

    BlockAddressesHandler(BlockAddressesWiring wiring) {
        super(wiring.mapper(), wiring.notes(), (event, context) -> new BlockStage(wiring)
                .respond(event, context.getInvokedFunctionArn()));
    }
}
