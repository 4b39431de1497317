package dev.hubresponder.functions.alert;

import dev.hubresponder.alert.AlertResult;
import dev.hubresponder.alert.SendAlert;
import dev.hubresponder.aws.lambda.StageHandler;
import dev.hubresponder.aws.lambda.StageRunner.Work;
import dev.hubresponder.handoff.FindingResult;
import dev.hubresponder.handoff.PlannedEvent;
import dev.hubresponder.handoff.StageReport;
import dev.hubresponder.handoff.StageReport.FindingReport;
import dev.hubresponder.policy.ResponseAction;
import java.util.List;

/**
 * The last response stage: invoked by the ticket stage's Lambda destination (or by EventBridge directly), it sends
 * one alert per finding saying what the stages before it did, and returns its {@link StageReport}.
 *
 * <p>Input it cannot read is logged and answered with an empty report (a retry would not read it better); a
 * retryable failure of one finding is thrown after the other findings were handled, so that Lambda's retry
 * resends only what is missing.
 */
public final class SendAlertHandler extends StageHandler {

    /** Lambda's entry: wiring from the environment, built once per execution environment. */
    public SendAlertHandler() {
        this(AlertWiring.fromEnv(System.getenv()));
    }

    /** For tests: wiring built from a literal environment and test collaborators ({@link AlertWiring#of}). */
    SendAlertHandler(AlertWiring wiring) {
        super(SendAlert.STAGE, List.of(ResponseAction.ALERT), wiring.mapper(), wiring.planner(), null,
                event -> alertsOf(wiring.alerts(), event));
    }

    /** The findings the previous stage acted on (or, delivered directly, those routed to alerts), one alert each. */
    private static Work alertsOf(SendAlert alerts, PlannedEvent event) {
        SendAlert.Selection selection = alerts.select(event.handoff(), event.plan().decisions());
        return new Work(selection.alert(), decision -> {
            AlertResult sent = alerts.send(decision, selection.context());
            return FindingResult.of(new FindingReport(sent.findingId(), sent.status() == AlertResult.Status.SENT,
                    sent.status() + ": " + sent.detail()));
        }, selection.skipped().stream().map(skipped -> new FindingReport(skipped.finding().id(), false,
                "no alert: the previous stage did not act on it, or it is not routed to alerts")).toList());
    }
}
