package dev.hubresponder.metrics;

import dev.hubresponder.finding.Severity;
import dev.hubresponder.policy.ResponseAction;
import java.time.Duration;

/**
 * What the responder counts, so that a dashboard shows what arrived, what was decided and what was done. The EMF
 * adapter writes each as a CloudWatch metric through the function's log; tests record them in memory.
 */
public interface ResponderMetrics {

    /** How one action ended, as counted. */
    enum ActionResult { DONE, REFUSED, SHADOW, FAILED }

    /** A finding arrived and was read. */
    void findingReceived(Severity severity);

    /** The policy decided on a finding: how many actions it planned and how many a guard refused. */
    void decisionMade(Severity severity, int plannedActions, int refusedActions);

    /** Input that is not a Security Hub event was refused whole; nothing in it was acted on. */
    void eventRejected();

    /** A finding of an event could not be read (missing id, product, account or severity); the others went on. */
    void findingRejected();

    /** The kill switch refused containment the policy would otherwise have done (the KillSwitchOn alarm). */
    void killSwitchRefused(int refusedContainments);

    /** An action ended (counted once per ledger record: duplicates are not counted again). */
    void actionEnded(ResponseAction action, Severity severity, ActionResult result);

    /** A containment was done: from when the behaviour was first seen (or the finding created) until now. */
    void timeToContain(ResponseAction action, Severity severity, Duration elapsed);

    /** The containment cap was reached in an account: once per account and hour. */
    void containmentCapReached(String accountId);

    /**
     * A ticket or alert for a finding of an untrusted producer was held back by the untrusted-producer cap
     * (counted once per finding and action; {@code firstInWindow} for the first one in its hour).
     */
    void untrustedNotificationHeldBack(ResponseAction action, boolean firstInWindow);

    /** Notes written back to Security Hub, and notes that could not be written. */
    void notesWritten(int written, int failed);

    /** A WAF IP set holds at least its high-water mark of entries after a write: someone should make room. */
    void ipSetNearlyFull(String ipSetArn, int entries, int capacity);

    /** Counts nothing: for functions and tests that do not look at metrics. */
    ResponderMetrics NONE = new ResponderMetrics() {
        @Override
        public void findingReceived(Severity severity) {
        }

        @Override
        public void decisionMade(Severity severity, int plannedActions, int refusedActions) {
        }

        @Override
        public void eventRejected() {
        }

        @Override
        public void findingRejected() {
        }

        @Override
        public void killSwitchRefused(int refusedContainments) {
        }

        @Override
        public void actionEnded(ResponseAction action, Severity severity, ActionResult result) {
        }

        @Override
        public void timeToContain(ResponseAction action, Severity severity, Duration elapsed) {
        }

        @Override
        public void containmentCapReached(String accountId) {
        }

        @Override
        public void untrustedNotificationHeldBack(ResponseAction action, boolean firstInWindow) {
        }

        @Override
        public void notesWritten(int written, int failed) {
        }

        @Override
        public void ipSetNearlyFull(String ipSetArn, int entries, int capacity) {
        }
    };
}
