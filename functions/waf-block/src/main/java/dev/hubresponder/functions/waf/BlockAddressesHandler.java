package dev.hubresponder.functions.waf;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.hubresponder.aws.SnapStartPriming;
import dev.hubresponder.aws.lambda.StageRunner;
import dev.hubresponder.handoff.StageReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Blocks the public attackers of findings in the WAF IP sets, and unblocks on the analyst's custom action, then hands
 * a {@link StageReport} to the ticket and alert stages: threat findings in batches from the block queue, custom
 * actions directly (see {@link BlockStage}). All addresses of the invocation go into one write per set, so the
 * stage's work is the whole batch rather than one finding at a time.
 */
public final class BlockAddressesHandler implements RequestStreamHandler {
    private final BlockAddressesWiring wiring;
    private final BlockStage stage;
    /** The SnapStart hook, held here so that the CRaC context cannot lose it; null in tests. */
    private SnapStartPriming priming;

    public BlockAddressesHandler() {
        this(BlockAddressesWiring.fromEnv(System.getenv()));
        this.priming = SnapStartPriming.register(System.getenv(), wiring.mapper(), wiring.notes());
    }

    BlockAddressesHandler(BlockAddressesWiring wiring) {
        this.wiring = wiring;
        this.stage = new BlockStage(wiring);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        StageRunner.invoke(input, output, context, wiring.mapper(),
                event -> stage.respond(event, context.getInvokedFunctionArn()));
    }
}
