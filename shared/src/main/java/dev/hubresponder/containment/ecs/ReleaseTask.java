package dev.hubresponder.containment.ecs;

import dev.hubresponder.containment.ecs.EcsTasks.Change;
import dev.hubresponder.containment.ecs.EcsTasks.ChangeStatus;
import dev.hubresponder.containment.ecs.EcsTasks.Lookup;
import dev.hubresponder.containment.ecs.EcsTasks.LookupStatus;
import dev.hubresponder.finding.Finding;
import dev.hubresponder.ledger.ActionKey;
import dev.hubresponder.ledger.LedgerEntry;
import dev.hubresponder.ledger.LedgerState;
import dev.hubresponder.policy.PlannedAction;
import dev.hubresponder.policy.ResponseAction;
import java.util.Objects;
import java.util.Optional;

/**
 * Undoes the service response of a task containment: restores the desired count that the ledger recorded before
 * the service was scaled to zero, and marks that containment record {@link LedgerState#RELEASED}. A stopped task
 * itself cannot be restarted; the scheduler starts new tasks from the service's task definition.
 *
 * <p>The count is restored only if the service is still at 0: a count someone changed since is left alone.
 */
public final class ReleaseTask {
    public static final String SERVICE_RESTORED = "service-restored";
    public static final String CONTAINMENT_RELEASED = "containment-released";
    /** Artifact: the ledger id of the containment record released. */
    public static final String RELEASED_RECORD = "releasedRecord";
    public static final String RESTORED_DESIRED_COUNT = "restoredDesiredCount";

    private final EcsTasks ecs;
    private final LedgerProgress progress;

    ReleaseTask(EcsTasks ecs, LedgerProgress progress) {
        this.ecs = Objects.requireNonNull(ecs, "ecs");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /**
     * Runs one {@code RELEASE_TASK} action.
     *
     * @throws EcsUnavailableException when ECS could not be reached; the ledger record is left to resume
     */
    public TaskOutcome release(Finding finding, PlannedAction action) {
        ActionKey key = new ActionKey(finding.id(), ResponseAction.RELEASE_TASK, action.target());
        LedgerProgress.Claimed claimed = progress.claim(finding, key, action.reason());
        if (!claimed.mayAct()) {
            LedgerEntry entry = claimed.entry();
            String summary = claimed.standing() == LedgerProgress.Standing.IN_PROGRESS
                    ? "another delivery is releasing task " + action.target() + " (ledger " + entry.ledgerId() + ")"
                    : entry.reason();
            return new TaskOutcome(ResponseAction.RELEASE_TASK, action.target(), entry.state(), summary,
                    entry.ledgerId(), false);
        }
        Run run = new Run(action, claimed.entry());
        try {
            return run.execute();
        } catch (RuntimeException e) {
            run.giveBackAfter(e);
            throw e;
        }
    }

    private final class Run {
        private final PlannedAction action;
        private LedgerEntry entry;

        Run(PlannedAction action, LedgerEntry entry) {
            this.action = action;
            this.entry = entry;
        }

        TaskOutcome execute() {
            if (TaskArn.parse(action.target()).isEmpty()) {
                return end(LedgerState.REFUSED, "release refused: " + TaskArn.problem(action.target()));
            }
            String task = action.target();
            Optional<LedgerEntry> found = scaledContainment(task);
            if (found.isEmpty()) {
                return end(LedgerState.DONE, "nothing to restore for task " + task + ": the ledger shows no service "
                        + "scaled to zero by its containment (a stopped task cannot be restarted)");
            }
            LedgerEntry containment = found.get();
            if (!entry.artifacts().containsKey(RELEASED_RECORD)) {
                entry = progress.addArtifact(entry, RELEASED_RECORD, containment.ledgerId());
            }
            String cluster = containment.artifacts().get(StopTask.CLUSTER);
            String service = containment.artifacts().get(StopTask.SERVICE);
            int previous = Integer.parseInt(containment.artifacts().get(StopTask.PREVIOUS_DESIRED_COUNT));
            String definition = containment.artifacts().get(StopTask.TASK_DEFINITION);
            if (action.shadow()) {
                return end(LedgerState.SHADOW, "shadow mode: would restore service " + service + " from 0 to "
                        + previous + " (ledger " + containment.ledgerId() + ")");
            }
            if (!entry.hasCompleted(SERVICE_RESTORED)) {
                Lookup<ServiceSnapshot> current = ecs.describeService(cluster, service);
                if (current.status() == LookupStatus.MISSING) {
                    return end(LedgerState.FAILED, "service " + service + " cannot be restored to " + previous
                            + ": " + current.reason());
                }
                if (current.status() == LookupStatus.UNREADABLE) {
                    return end(LedgerState.REFUSED, "restoring service " + service + " refused: its current desired "
                            + "count could not be read (" + current.reason() + ")");
                }
                if (current.value().desiredCount() != 0) {
                    markReleased(containment, " Released by " + entry.ledgerId() + " without change: desired count "
                            + "was already " + current.value().desiredCount() + ".");
                    return end(LedgerState.DONE, "service " + service + " left at desired count "
                            + current.value().desiredCount() + ": it was changed since the containment (ledger "
                            + containment.ledgerId() + " recorded " + previous + ")");
                }
                Change restored = ecs.setDesiredCount(cluster, service, previous);
                if (restored.status() != ChangeStatus.DONE) {
                    return end(LedgerState.FAILED, "service " + service + " could not be restored to " + previous
                            + ": " + restored.reason());
                }
                entry = progress.completeStep(entry, SERVICE_RESTORED, RESTORED_DESIRED_COUNT,
                        Integer.toString(previous));
            }
            if (!entry.hasCompleted(CONTAINMENT_RELEASED)) {
                markReleased(containment, " Released by " + entry.ledgerId() + ": service " + service
                        + " restored to " + previous + ".");
                entry = progress.completeStep(entry, CONTAINMENT_RELEASED);
            }
            return end(LedgerState.DONE, "restored service " + service + " from 0 to " + previous
                    + " (ledger " + containment.ledgerId() + "): the scheduler will start " + previous
                    + " task(s) from " + (definition == null ? "its task definition" : definition)
                    + "; the stopped task itself is not restarted");
        }

        /**
         * The containment this release undoes: the one recorded when this release started (a resumed release), else
         * the newest containment of the task that scaled a service to zero and is not released yet.
         */
        private Optional<LedgerEntry> scaledContainment(String task) {
            String chosen = entry.artifacts().get(RELEASED_RECORD);
            if (chosen != null) {
                return progress.recordsOf(task).stream().filter(e -> chosen.equals(e.ledgerId())).findFirst();
            }
            return progress.recordsOf(task).stream()
                    .filter(e -> e.key().action() == ResponseAction.STOP_TASK)
                    .filter(e -> e.state() == LedgerState.DONE)
                    .filter(e -> e.hasCompleted(StopTask.SERVICE_SCALED_TO_ZERO))
                    .findFirst();
        }

        private void markReleased(LedgerEntry containment, String note) {
            progress.finishOther(containment.key(), LedgerState.RELEASED, note);
        }

        private TaskOutcome end(LedgerState state, String reason) {
            entry = progress.finish(entry, state, reason);
            return new TaskOutcome(ResponseAction.RELEASE_TASK, action.target(), state, reason, entry.ledgerId(),
                    true);
        }

        void giveBackAfter(RuntimeException failure) {
            try {
                progress.giveBack(entry);
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
    }
}
