package dev.hubresponder.functions.ecs;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.hubresponder.aws.SnapStartPriming;
import dev.hubresponder.aws.lambda.StageRunner;
import dev.hubresponder.handoff.StageReport;
import dev.hubresponder.policy.ResponseAction;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Set;

/**
 * Stops the ECS tasks of findings (EventBridge: imported findings and the stop-task, isolate and release custom
 * actions) and hands a {@link StageReport} to the ticket and alert stages.
 *
 * <p>A retryable failure (ECS or the ledger unreachable, another delivery holding the action) is thrown after every
 * finding of the event had its turn, so that Lambda retries and the retry resumes from the ledger.
 */
public final class StopTaskHandler implements RequestStreamHandler {
    public static final String STAGE = "StopTask";

    private final StopTaskWiring wiring;
    private final StageRunner runner;
    /** The SnapStart hook, held here so that the CRaC context cannot lose it; null in tests. */
    private SnapStartPriming priming;

    public StopTaskHandler() {
        this(StopTaskWiring.fromEnv(System.getenv()));
        this.priming = SnapStartPriming.register(System.getenv(), wiring.mapper(), wiring.notes());
    }

    StopTaskHandler(StopTaskWiring wiring) {
        this.wiring = wiring;
        this.runner = new StageRunner(STAGE, Set.of(ResponseAction.STOP_TASK, ResponseAction.RELEASE_TASK),
                wiring.mapper(), wiring.planner());
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        runner.handle(input, output, context, event -> StageRunner.Work.each(event,
                decision -> wiring.response().respond(decision).result()));
    }
}
