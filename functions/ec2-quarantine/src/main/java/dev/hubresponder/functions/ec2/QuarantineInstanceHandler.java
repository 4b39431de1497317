package dev.hubresponder.functions.ec2;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.hubresponder.aws.SnapStartPriming;
import dev.hubresponder.aws.lambda.StageRunner;
import dev.hubresponder.containment.ec2.InstanceResponse;
import dev.hubresponder.handoff.FindingResult;
import dev.hubresponder.handoff.StageReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Set;

/**
 * Quarantines and releases EC2 instances: the {@code QuarantineInstance} stage. Triggered by EventBridge with
 * {@code Security Hub Findings - Imported} (CRITICAL threat findings) and by the {@code HubRespIsolate} and
 * {@code HubRespRelease} custom actions; hands its {@link StageReport} to the ticket stage.
 *
 * <p>Returns normally for everything but failures worth retrying (throttling, AWS 5xx, a record another delivery
 * holds), which Lambda retries; the ledger makes the retry resume where this one stopped.
 */
public final class QuarantineInstanceHandler implements RequestStreamHandler {
    private final QuarantineWiring wiring;
    private final StageRunner runner;
    /** The SnapStart hook, held here so that the CRaC context cannot lose it; null in tests. */
    private SnapStartPriming priming;

    public QuarantineInstanceHandler() {
        this(QuarantineWiring.fromEnvironment(System.getenv()));
        this.priming = SnapStartPriming.register(System.getenv(), wiring.mapper(), wiring.notes());
    }

    QuarantineInstanceHandler(QuarantineWiring wiring) {
        this.wiring = wiring;
        this.runner = new StageRunner(InstanceResponse.STAGE, Set.copyOf(InstanceResponse.ACTIONS), wiring.mapper(),
                wiring.planner()::plan);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        runner.handle(input, output, context, event -> StageRunner.Work.each(event,
                decision -> FindingResult.of(wiring.response().respond(decision))));
    }
}
