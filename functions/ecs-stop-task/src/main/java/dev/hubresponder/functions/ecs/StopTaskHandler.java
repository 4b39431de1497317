package dev.hubresponder.functions.ecs;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.hubresponder.action.ActionOutcome;
import dev.hubresponder.action.RetryableActionException;
import dev.hubresponder.aws.SnapStartPriming;
import dev.hubresponder.containment.ecs.TaskResponse.FindingResponse;
import dev.hubresponder.finding.MalformedEventException;
import dev.hubresponder.finding.RejectedFinding;
import dev.hubresponder.handoff.PlannedEvent;
import dev.hubresponder.handoff.StageReport;
import dev.hubresponder.plan.Plan;
import dev.hubresponder.policy.Decision;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * Stops the ECS tasks of findings (EventBridge: imported findings and the stop-task, isolate and release custom
 * actions) and hands a {@link StageReport} to the ticket and alert stages.
 *
 * <p>A retryable failure (ECS or the ledger unreachable, another delivery holding the action) is thrown after every
 * finding of the event had its turn, so that Lambda retries and the retry resumes from the ledger.
 */
public final class StopTaskHandler implements RequestStreamHandler {
    public static final String STAGE = "StopTask";
    private static final Logger LOG = LoggerFactory.getLogger(StopTaskHandler.class);

    private final StopTaskWiring wiring;
    /** The SnapStart hook, held here so that the CRaC context cannot lose it; null in tests. */
    private SnapStartPriming priming;

    public StopTaskHandler() {
        this(StopTaskWiring.fromEnv(System.getenv()));
        this.priming = SnapStartPriming.register(System.getenv(), this.wiring.mapper(), this.wiring.notes());
    }

    StopTaskHandler(StopTaskWiring wiring) {
        this.wiring = wiring;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        byte[] event = input.readAllBytes();
        StageReport report = PowertoolsLogging.withLogging(context, () -> respond(event));
        wiring.mapper().writeValue(output, report);
    }

    private StageReport respond(byte[] event) {
        Plan plan;
        try {
            plan = PlannedEvent.read(event, wiring.mapper(), wiring.planner()).plan();
        } catch (MalformedEventException e) {
            LOG.error("event is not a Security Hub event; nothing done", entry("reason", e.getMessage()));
            return new StageReport(STAGE, List.of());
        }
        for (RejectedFinding rejected : plan.errors()) {
            LOG.warn("finding rejected; nothing done for it", entry("findingId", rejected.findingId()),
                    entry("reason", rejected.reason()));
        }
        List<StageReport.FindingReport> reports = new ArrayList<>();
        RetryableActionException retry = null;
        for (Decision decision : plan.decisions()) {
            MDC.put("correlation_id", decision.finding().id());
            try {
                FindingResponse response = wiring.response().respond(decision);
                log(response);
                reports.add(new StageReport.FindingReport(decision.finding().id(), response.acted(),
                        response.summary()));
                if (response.retry() != null && retry == null) {
                    retry = response.retry();
                } else if (response.retry() != null) {
                    retry.addSuppressed(response.retry());
                }
            } finally {
                MDC.remove("correlation_id");
            }
        }
        if (retry != null) {
            throw retry;
        }
        return new StageReport(STAGE, reports);
    }

    private static void log(FindingResponse response) {
        for (ActionOutcome outcome : response.outcomes()) {
            LOG.info("task action settled", entry("action", outcome.entry().key().action()),
                    entry("target", outcome.entry().key().target()), entry("state", outcome.entry().state()),
                    entry("new", outcome.isNew()), entry("ledgerId", outcome.entry().ledgerId()),
                    entry("reason", outcome.reason()));
        }
        response.noteFailures().forEach(f -> LOG.warn("note not written", entry("errorCode", f.errorCode()),
                entry("detail", f.message())));
        if (response.retry() != null) {
            LOG.warn("task action to be retried", entry("reason", response.retry().getMessage()));
        }
    }
}
