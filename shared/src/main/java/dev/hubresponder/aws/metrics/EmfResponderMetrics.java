package dev.hubresponder.aws.metrics;

import dev.hubresponder.finding.Severity;
import dev.hubresponder.metrics.ResponderMetrics;
import dev.hubresponder.policy.ResponseAction;
import java.time.Duration;
import java.util.Objects;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * {@link ResponderMetrics} as CloudWatch embedded metric format (EMF) lines in the function's log, through
 * Powertools v2 metrics' functional API (no AspectJ). Each event is written at once as its own EMF document, because
 * its dimensions (action, severity) differ from the next one's. Each metric is published twice: per
 * {@code Service} (the default dimension, {@code POWERTOOLS_SERVICE_NAME}) and per its own dimensions.
 *
 * <table>
 *   <caption>Metrics, all in the namespace given (the template sets {@code POWERTOOLS_METRICS_NAMESPACE})</caption>
 *   <tr><th>name</th><th>unit</th><th>dimensions</th></tr>
 *   <tr><td>FindingsReceived</td><td>Count</td><td>Severity</td></tr>
 *   <tr><td>Decisions, PlannedActions, PolicyRefusals</td><td>Count</td><td>Severity</td></tr>
 *   <tr><td>ActionsDone, ActionsRefused, ActionsShadow, ActionsFailed</td><td>Count</td><td>Action, Severity</td></tr>
 *   <tr><td>TimeToContain</td><td>Seconds</td><td>Action, Severity</td></tr>
 *   <tr><td>ContainmentCapReached</td><td>Count</td><td>(Service only; the account is in the log line)</td></tr>
 *   <tr><td>UntrustedNotificationsHeldBack</td><td>Count</td><td>Action (TICKET or ALERT)</td></tr>
 *   <tr><td>UntrustedCapReached</td><td>Count</td><td>Action: once per action and hour</td></tr>
 *   <tr><td>NotesWritten, NotesFailed</td><td>Count</td><td>(Service only)</td></tr>
 *   <tr><td>IpSetHighWater</td><td>Count</td><td>(Service only; the set, its entries and capacity are metadata)</td></tr>
 * </table>
 */
public final class EmfResponderMetrics implements ResponderMetrics {
    private final Metrics metrics;

    public EmfResponderMetrics(Metrics metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /** Powertools' shared instance, configured from {@code POWERTOOLS_METRICS_NAMESPACE} and the service name. */
    public static EmfResponderMetrics fromEnvironment() {
        return new EmfResponderMetrics(MetricsFactory.getMetricsInstance());
    }

    @Override
    public void findingReceived(Severity severity) {
        metrics.flushMetrics(m -> {
            m.addDimension("Severity", severity.name());
            m.addMetric("FindingsReceived", 1, MetricUnit.COUNT);
        });
    }

    @Override
    public void eventRejected() {
        metrics.flushMetrics(m -> m.addMetric("EventsRejected", 1, MetricUnit.COUNT));
    }

    @Override
    public void findingRejected() {
        metrics.flushMetrics(m -> m.addMetric("FindingsRejected", 1, MetricUnit.COUNT));
    }

    @Override
    public void killSwitchRefused(int refusedContainments) {
        metrics.flushMetrics(m -> m.addMetric("KillSwitchOn", refusedContainments, MetricUnit.COUNT));
    }

    @Override
    public void decisionMade(Severity severity, int plannedActions, int refusedActions) {
        metrics.flushMetrics(m -> {
            m.addDimension("Severity", severity.name());
            m.addMetric("Decisions", 1, MetricUnit.COUNT);
            m.addMetric("PlannedActions", plannedActions, MetricUnit.COUNT);
            m.addMetric("PolicyRefusals", refusedActions, MetricUnit.COUNT);
        });
    }

    @Override
    public void actionEnded(ResponseAction action, Severity severity, ActionResult result) {
        String name = switch (result) {
            case DONE -> "ActionsDone";
            case REFUSED -> "ActionsRefused";
            case SHADOW -> "ActionsShadow";
            case FAILED -> "ActionsFailed";
        };
        metrics.flushMetrics(m -> {
            m.addDimension(DimensionSet.of("Action", action.name(), "Severity", severity.name()));
            m.addMetric(name, 1, MetricUnit.COUNT);
        });
    }

    @Override
    public void timeToContain(ResponseAction action, Severity severity, Duration elapsed) {
        if (elapsed.isNegative()) {
            return; // a finding first seen "in the future" (a producer's clock): no meaningful time to contain
        }
        // Seconds, not toMillis(): a producer's absurd timestamp must not overflow after the action was taken.
        double seconds = elapsed.getSeconds() + elapsed.getNano() / 1e9;
        metrics.flushMetrics(m -> {
            m.addDimension(DimensionSet.of("Action", action.name(), "Severity", severity.name()));
            m.addMetric("TimeToContain", seconds, MetricUnit.SECONDS);
        });
    }

    @Override
    public void containmentCapReached(String accountId) {
        metrics.flushMetrics(m -> {
            m.addMetric("ContainmentCapReached", 1, MetricUnit.COUNT);
            m.addMetadata("account", accountId);
        });
    }

    @Override
    public void untrustedNotificationHeldBack(ResponseAction action, boolean firstInWindow) {
        metrics.flushMetrics(m -> {
            m.addDimension("Action", action.name());
            m.addMetric("UntrustedNotificationsHeldBack", 1, MetricUnit.COUNT);
            if (firstInWindow) {
                m.addMetric("UntrustedCapReached", 1, MetricUnit.COUNT);
            }
        });
    }

    @Override
    public void ipSetNearlyFull(String ipSetArn, int entries, int capacity) {
        metrics.flushMetrics(m -> {
            m.addMetric("IpSetHighWater", 1, MetricUnit.COUNT);
            m.addMetadata("ipSet", ipSetArn);
            m.addMetadata("entries", Integer.toString(entries));
            m.addMetadata("capacity", Integer.toString(capacity));
        });
    }

    @Override
    public void notesWritten(int written, int failed) {
        metrics.flushMetrics(m -> {
            m.addMetric("NotesWritten", written, MetricUnit.COUNT);
            m.addMetric("NotesFailed", failed, MetricUnit.COUNT);
        });
    }
}
