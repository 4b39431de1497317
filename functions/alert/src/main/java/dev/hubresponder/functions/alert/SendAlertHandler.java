package dev.hubresponder.functions.alert;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.hubresponder.alert.AlertResult;
import dev.hubresponder.alert.SendAlert;
import dev.hubresponder.aws.lambda.StageRunner;
import dev.hubresponder.handoff.FindingResult;
import dev.hubresponder.handoff.StageReport;
import dev.hubresponder.handoff.StageReport.FindingReport;
import dev.hubresponder.policy.ResponseAction;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Set;

/**
 * The last response stage: invoked by the ticket stage's Lambda destination (or by EventBridge directly), it sends
 * one alert per finding saying what the stages before it did, and returns its {@link StageReport}.
 *
 * <p>Input it cannot read is logged and answered with an empty report (a retry would not read it better); a
 * retryable failure of one finding is thrown after the other findings were handled, so that Lambda's retry
 * resends only what is missing.
 */
public final class SendAlertHandler implements RequestStreamHandler {
    private final SendAlert alerts;
    private final StageRunner runner;

    /** Lambda's entry: wiring from the environment, built once per execution environment. */
    public SendAlertHandler() {
        this(AlertWiring.fromEnv(System.getenv()));
    }

    /** For tests: wiring built from a literal environment and test collaborators ({@link AlertWiring#of}). */
    SendAlertHandler(AlertWiring wiring) {
        this.alerts = wiring.alerts();
        this.runner = new StageRunner(SendAlert.STAGE, Set.of(ResponseAction.ALERT), wiring.mapper(),
                wiring.planner());
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        runner.handle(input, output, context, event -> {
            SendAlert.Selection selection = alerts.select(event.handoff(), event.plan().decisions());
            return new StageRunner.Work(selection.alert(), decision -> {
                AlertResult sent = alerts.send(decision, selection.context());
                return FindingResult.of(new FindingReport(sent.findingId(), sent.status() == AlertResult.Status.SENT,
                        sent.status() + ": " + sent.detail()));
            }, selection.skipped().stream().map(skipped -> new FindingReport(skipped.finding().id(), false,
                    "no alert: the previous stage did not act on it, or it is not routed to alerts")).toList());
        });
    }
}
