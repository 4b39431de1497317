package dev.hubresponder.testing;

import dev.hubresponder.finding.Severity;
import dev.hubresponder.metrics.ResponderMetrics;
import dev.hubresponder.policy.ResponseAction;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every metric as a line such as {@code ActionDone QUARANTINE_INSTANCE CRITICAL}, for assertions. */
public final class RecordingMetrics implements ResponderMetrics {
    public final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    public void findingReceived(Severity severity) {
        lines.add("FindingReceived " + severity);
    }

    @Override
    public void decisionMade(Severity severity, int plannedActions, int refusedActions) {
        lines.add("Decision " + severity + " " + plannedActions + " " + refusedActions);
    }

    @Override
    public void killSwitchRefused(int refusedContainments) {
        lines.add("KillSwitchOn " + refusedContainments);
    }

    @Override
    public void eventRejected() {
        lines.add("EventRejected");
    }

    @Override
    public void findingRejected() {
        lines.add("FindingRejected");
    }

    @Override
    public void actionEnded(ResponseAction action, Severity severity, ActionResult result) {
        lines.add("Action" + result + " " + action + " " + severity);
    }

    @Override
    public void timeToContain(ResponseAction action, Severity severity, Duration elapsed) {
        lines.add("TimeToContain " + action + " " + severity + " " + elapsed.toSeconds());
    }

    @Override
    public void untrustedNotificationHeldBack(ResponseAction action, boolean firstInWindow) {
        lines.add("UntrustedNotificationHeldBack " + action + (firstInWindow ? " first" : ""));
    }

    @Override
    public void containmentCapReached(String accountId) {
        lines.add("ContainmentCapReached " + accountId);
    }

    @Override
    public void ipSetNearlyFull(String ipSetArn, int entries, int capacity) {
        lines.add("IpSetHighWater " + ipSetArn + " " + entries + "/" + capacity);
    }

    @Override
    public void notesWritten(int written, int failed) {
        lines.add("Notes " + written + " " + failed);
    }
}
