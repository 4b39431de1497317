package dev.hubresponder.functions.alert;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubresponder.action.RetryableActionException;
import dev.hubresponder.alert.AlertResult;
import dev.hubresponder.alert.SendAlert;
import dev.hubresponder.finding.MalformedEventException;
import dev.hubresponder.handoff.PlannedEvent;
import dev.hubresponder.handoff.StageReport;
import dev.hubresponder.handoff.StageReport.FindingReport;
import dev.hubresponder.plan.Plan;
import dev.hubresponder.policy.Decision;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The last response stage: invoked by the ticket stage's Lambda destination (or by EventBridge directly), it sends
 * one alert per finding saying what the stages before it did, and returns its {@link StageReport}.
 *
 * <p>Input it cannot read is logged and answered with an empty report (a retry would not read it better); a
 * retryable failure of one finding is thrown after the other findings were handled, so that Lambda's retry
 * resends only what is missing.
 */
public final class SendAlertHandler implements RequestStreamHandler {
    private static final Logger LOG = LoggerFactory.getLogger(SendAlertHandler.class);

    private final ObjectMapper mapper;
    private final Function<JsonNode, Plan> planner;
    private final SendAlert alerts;

    /** Lambda's entry: wiring from the environment, built once per execution environment. */
    public SendAlertHandler() {
        this(AlertWiring.fromEnv(System.getenv()));
    }

    /** For tests: wiring built from a literal environment and test collaborators ({@link AlertWiring#of}). */
    SendAlertHandler(AlertWiring wiring) {
        this.mapper = wiring.mapper();
        this.planner = wiring.planner();
        this.alerts = wiring.alerts();
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        byte[] event = input.readAllBytes();
        StageReport report = PowertoolsLogging.withLogging(context, () -> respond(event));
        mapper.writeValue(output, report);
    }

    private StageReport respond(byte[] event) {
        Plan plan;
        SendAlert.Selection selection;
        try {
            PlannedEvent planned = PlannedEvent.read(event, mapper, planner);
            plan = planned.plan();
            selection = alerts.select(planned.handoff(), plan.decisions());
        } catch (MalformedEventException e) {
            LOG.error("input refused: not an event or hand-over the alert stage can read", entry("reason",
                    e.getMessage()));
            return new StageReport(SendAlert.STAGE, List.of());
        }
        plan.errors().forEach(rejected -> LOG.warn("finding refused: unreadable",
                entry("findingId", rejected.findingId()), entry("reason", rejected.reason())));
        List<FindingReport> reports = new ArrayList<>();
        RetryableActionException retry = null;
        for (Decision decision : selection.alert()) {
            String findingId = decision.finding().id();
            MDC.put("correlation_id", findingId);
            try {
                AlertResult result = alerts.send(decision, selection.context());
                LOG.info("alert handled", entry("status", result.status()),
                        entry("outcome", result.outcome()), entry("source", selection.context().sourceStage()),
                        entry("detail", result.detail()));
                reports.add(new FindingReport(findingId, result.status() == AlertResult.Status.SENT,
                        result.status() + ": " + result.detail()));
            } catch (RetryableActionException e) {
                LOG.warn("alert not sent, will be retried", entry("reason", e.getMessage()));
                if (retry == null) {
                    retry = e;
                } else {
                    retry.addSuppressed(e);
                }
            } finally {
                MDC.remove("correlation_id");
            }
        }
        selection.skipped().forEach(d -> reports.add(new FindingReport(d.finding().id(), false,
                "no alert: the previous stage did not act on it, or it is not routed to alerts")));
        if (retry != null) {
            throw retry;
        }
        return new StageReport(SendAlert.STAGE, reports);
    }
}
