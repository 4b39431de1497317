package dev.hubresponder.containment.ecs;

import dev.hubresponder.action.ActionOutcome;
import dev.hubresponder.action.ActionRunner;
import dev.hubresponder.action.RetryableActionException;
import dev.hubresponder.audit.AuditTrail;
import dev.hubresponder.audit.NoteReport;
import dev.hubresponder.finding.Finding;
import dev.hubresponder.handoff.FindingResult;
import dev.hubresponder.handoff.StageReport;
import dev.hubresponder.ledger.ActionKey;
import dev.hubresponder.policy.Decision;
import dev.hubresponder.policy.PlannedAction;
import dev.hubresponder.policy.Refusal;
import dev.hubresponder.policy.ResponseAction;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The ECS task stage of the response for one finding: runs its {@code STOP_TASK} and {@code RELEASE_TASK} actions,
 * records the policy's refusals of them, and writes the audit note on the finding.
 *
 * <p>A retryable failure of one action does not stop the others: it comes back in
 * {@link FindingResponse#retry()} for the caller to throw once every finding has had its turn, so that Lambda
 * retries the event and the retry finds the settled actions already in the ledger.
 */
public final class TaskResponse {
    private final ActionRunner runner;
    private final StopTask stopTask;
    private final ReleaseTask releaseTask;
    private final AuditTrail audit;

    public TaskResponse(ActionRunner runner, StopTask stopTask, ReleaseTask releaseTask, AuditTrail audit) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.stopTask = Objects.requireNonNull(stopTask, "stopTask");
        this.releaseTask = Objects.requireNonNull(releaseTask, "releaseTask");
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    /** Runs the task actions of one decision; a decision without any has nothing done and nothing noted. */
    public FindingResponse respond(Decision decision) {
        Finding finding = decision.finding();
        List<ActionOutcome> outcomes = new ArrayList<>();
        List<RetryableActionException> retries = new ArrayList<>();
        for (PlannedAction action : decision.actionsOf(ResponseAction.STOP_TASK)) {
            attempt(() -> runner.run(action, finding, stopTask.work(finding, action.target())), outcomes, retries);
        }
        for (PlannedAction action : decision.actionsOf(ResponseAction.RELEASE_TASK)) {
            attempt(() -> runner.run(action, finding, releaseTask.work(finding, action.target())), outcomes, retries);
        }
        List<Refusal> refusals = new ArrayList<>(decision.refusalsOf(ResponseAction.STOP_TASK));
        refusals.addAll(decision.refusalsOf(ResponseAction.RELEASE_TASK));
        for (Refusal refusal : refusals) {
            ActionKey key = new ActionKey(finding.id(), refusal.action(), refusal.target());
            attempt(() -> runner.refuse(key, finding, refusal.reason()), outcomes, retries);
        }
        List<NoteReport.Failure> noteFailures = new ArrayList<>();
        for (ActionOutcome outcome : outcomes) {
            noteFailures.addAll(audit.record(List.of(new AuditTrail.Settled(finding, outcome, null))).failed());
        }
        RetryableActionException retry = null;
        for (RetryableActionException e : retries) {
            if (retry == null) {
                retry = e;
            } else {
                retry.addSuppressed(e);
            }
        }
        return new FindingResponse(finding, outcomes, noteFailures, retry);
    }

    private static void attempt(Supplier<ActionOutcome> action, List<ActionOutcome> outcomes,
                                List<RetryableActionException> retries) {
        try {
            outcomes.add(action.get());
        } catch (RetryableActionException e) {
            retries.add(e);
        }
    }

    /**
     * What the stage did for one finding.
     *
     * @param finding      the finding
     * @param outcomes     one per task action or refusal that settled (or had settled before)
     * @param noteFailures notes Security Hub did not accept
     * @param retry        a failure worth retrying the event for, else null
     */
    public record FindingResponse(Finding finding, List<ActionOutcome> outcomes,
                                  List<NoteReport.Failure> noteFailures, RetryableActionException retry) {
        public FindingResponse {
            outcomes = List.copyOf(outcomes);
            noteFailures = List.copyOf(noteFailures);
        }

        /** The finding's result for the stage runner: its report line, refused notes and pending retry. */
        public FindingResult result() {
            return new FindingResult(new StageReport.FindingReport(finding.id(), acted(), summary()), noteFailures,
                    retry);
        }

        /** True when the next stages (ticket, alert) have something to report for this finding. */
        public boolean acted() {
            return !outcomes.isEmpty() || retry != null;
        }

        /** One line: each outcome's state, action and reason, and the pending retry if any. */
        public String summary() {
            List<String> parts = new ArrayList<>();
            for (ActionOutcome outcome : outcomes) {
                parts.add(outcome.entry().state() + " " + outcome.entry().key().action() + ": " + outcome.reason());
            }
            if (retry != null) {
                parts.add("to retry: " + retry.getMessage());
            }
            return parts.isEmpty() ? "no ECS task action" : String.join(" | ", parts);
        }
    }
}
