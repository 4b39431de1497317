package dev.hubresponder.functions.ecs;

import dev.hubresponder.aws.lambda.StageHandler;
import dev.hubresponder.aws.lambda.StageRunner.Work;
import dev.hubresponder.handoff.StageReport;
import dev.hubresponder.policy.ResponseAction;
import java.util.List;

/**
 * Stops the ECS tasks of findings (EventBridge: imported findings and the stop-task, isolate and release custom
 * actions) and hands a {@link StageReport} to the ticket and alert stages.
 *
 * <p>A retryable failure (ECS or the ledger unreachable, another delivery holding the action) is thrown after every
 * finding of the event had its turn, so that Lambda retries and the retry resumes from the ledger.
 */
public final class StopTaskHandler extends StageHandler {
    public static final String STAGE = "StopTask";

    public StopTaskHandler() {
        this(StopTaskWiring.fromEnv(System.getenv()));
        primeOnSnapStart();
    }

    StopTaskHandler(StopTaskWiring wiring) {
        super(STAGE, List.of(ResponseAction.STOP_TASK, ResponseAction.RELEASE_TASK), wiring.mapper(),
                wiring.planner(), wiring.notes(), event -> Work.each(event,
                        decision -> wiring.response().respond(decision).result()));
    }
}
