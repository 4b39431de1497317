package dev.hubresponder.containment.ecs;

import dev.hubresponder.action.ActionProgress;
import dev.hubresponder.action.ActionWork;
import dev.hubresponder.action.Reach;
import dev.hubresponder.action.Reachable;
import dev.hubresponder.action.RetryableActionException;
import dev.hubresponder.action.WorkResult;
import dev.hubresponder.containment.Change;
import dev.hubresponder.containment.ChangeStatus;
import dev.hubresponder.containment.Lookup;
import dev.hubresponder.containment.LookupStatus;
import dev.hubresponder.finding.Finding;
import dev.hubresponder.finding.ResourceLocation;
import dev.hubresponder.ledger.ActedIn;
import dev.hubresponder.ledger.ActionLedger;
import dev.hubresponder.ledger.ConcurrentLedgerUpdateException;
import dev.hubresponder.ledger.LedgerEntry;
import dev.hubresponder.ledger.LedgerState;
import dev.hubresponder.policy.ResponseAction;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * Undoes the service response of a task containment: restores the desired count that the ledger recorded before
 * the service was scaled to zero, and marks that containment record {@link LedgerState#RELEASED}. It is the work
 * of a {@code RELEASE_TASK} action, run by {@link dev.hubresponder.action.ActionRunner}.
 *
 * <p>A stopped task itself cannot be restarted: the scheduler starts new tasks from the service's task definition.
 * The count is restored only if the service is still at 0; a count someone changed since is left alone.
 */
public final class ReleaseTask {
    public static final String SERVICE_RESTORED = "service-restored";
    public static final String CONTAINMENT_RELEASED = "containment-released";
    /** Artifact: the ledger id of the containment record this release undoes. */
    public static final String RELEASED_RECORD = "releasedRecord";
    public static final String RESTORED_DESIRED_COUNT = "restoredDesiredCount";

    private final Reachable<EcsTasks> ecsIn;
    private final ActionLedger ledger;
    private final Clock clock;

    /** @param ecsIn ECS in the account and Region a task's ARN names, as for the stop */
    public ReleaseTask(Reachable<EcsTasks> ecsIn, ActionLedger ledger, Clock clock) {
        this.ecsIn = Objects.requireNonNull(ecsIn, "ecsIn");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The work of releasing one task's containment.
     *
     * @param finding the finding the release is asked for (its id names the session in a member account)
     * @param taskArn the action's target, as the policy gave it (validated here)
     */
    public ActionWork work(Finding finding, String taskArn) {
        return progress -> new Run(finding, taskArn, progress).execute();
    }

    private final class Run {
        private final Finding finding;
        private final String target;
        private final ActionProgress progress;

        Run(Finding finding, String target, ActionProgress progress) {
            this.finding = finding;
            this.target = target;
            this.progress = progress;
        }

        WorkResult execute() {
            Optional<TaskArn> arn = TaskArn.parse(target);
            if (arn.isEmpty()) {
                return WorkResult.refused("release refused: " + TaskArn.problem(target));
            }
            ResourceLocation where = arn.get().location();
            Optional<LedgerEntry> found = containment();
            if (found.isEmpty()) {
                return WorkResult.done("nothing to restore for task " + target + ": the ledger shows no service "
                        + "scaled to zero by its containment (a stopped task cannot be restarted)");
            }
            LedgerEntry containment = found.get();
            if (!progress.entry().artifacts().containsKey(RELEASED_RECORD)) {
                progress.addArtifact(RELEASED_RECORD, containment.ledgerId());
            }
            String cluster = containment.artifacts().get(StopTask.CLUSTER);
            String service = containment.artifacts().get(StopTask.SERVICE);
            int previous = Integer.parseInt(containment.artifacts().get(StopTask.PREVIOUS_DESIRED_COUNT));
            String definition = containment.artifacts().get(StopTask.TASK_DEFINITION);
            if (!progress.isCompleted(SERVICE_RESTORED)) {
                Reach<EcsTasks> reach = ecsIn.at(where, finding.id());
                if (!reach.reached()) {
                    return WorkResult.refused("restoring service " + service + " refused: " + where
                            + " cannot be reached: " + reach.refusal());
                }
                EcsTasks ecs = reach.value();
                progress.addArtifacts(ActedIn.artifacts(where));
                Lookup<ServiceSnapshot> current = ecs.describeService(cluster, service);
                if (current.status() == LookupStatus.MISSING) {
                    return WorkResult.failed("service " + service + " cannot be restored to " + previous + ": "
                            + current.reason());
                }
                if (current.status() == LookupStatus.UNREADABLE) {
                    return WorkResult.refused("restoring service " + service + " refused: its current desired "
                            + "count could not be read (" + current.reason() + ")");
                }
                int now = current.value().desiredCount();
                if (now != 0) {
                    markReleased(containment, " Released by " + progress.entry().ledgerId() + " without change: "
                            + "desired count was already " + now + ".");
                    return WorkResult.done("service " + service + " left at desired count " + now + ": it was "
                            + "changed since the containment (ledger " + containment.ledgerId() + " recorded "
                            + previous + ")");
                }
                Change restored = ecs.setDesiredCount(cluster, service, previous);
                if (restored.status() != ChangeStatus.DONE) {
                    return WorkResult.failed("service " + service + " could not be restored to " + previous + ": "
                            + restored.reason());
                }
                progress.addArtifact(RESTORED_DESIRED_COUNT, Integer.toString(previous));
                progress.completeStep(SERVICE_RESTORED);
            }
            if (!progress.isCompleted(CONTAINMENT_RELEASED)) {
                markReleased(containment, " Released by " + progress.entry().ledgerId() + ": service " + service
                        + " restored to " + previous + ".");
                progress.completeStep(CONTAINMENT_RELEASED);
            }
            return WorkResult.done("restored service " + service + " from 0 to " + previous + " (ledger "
                    + containment.ledgerId() + "): the scheduler will start " + previous + " task(s) from "
                    + (definition == null ? "its task definition" : definition)
                    + "; the stopped task itself is not restarted");
        }

        /**
         * The containment this release undoes: the one recorded when this release started (a resumed release), else
         * the newest containment of the task that scaled a service to zero and is not released yet.
         */
        private Optional<LedgerEntry> containment() {
            String chosen = progress.entry().artifacts().get(RELEASED_RECORD);
            if (chosen != null) {
                return ledger.findByTarget(target).stream().filter(e -> chosen.equals(e.ledgerId())).findFirst();
            }
            return ledger.findByTarget(target).stream()
                    .filter(e -> e.key().action() == ResponseAction.STOP_TASK)
                    .filter(e -> e.state() == LedgerState.DONE)
                    .filter(e -> e.hasCompleted(StopTask.SERVICE_SCALED_TO_ZERO))
                    .findFirst();
        }

        /** Moves the containment record to RELEASED (re-read first: its version may have moved on). */
        private void markReleased(LedgerEntry containment, String note) {
            LedgerEntry current = ledger.find(containment.key()).orElseThrow(() -> new IllegalStateException(
                    "ledger record " + containment.ledgerId() + " disappeared during its release"));
            if (current.state() == LedgerState.RELEASED) {
                return;
            }
            try {
                ledger.update(current.withState(LedgerState.RELEASED, current.reason() + note, clock.instant()));
            } catch (ConcurrentLedgerUpdateException e) {
                throw new RetryableActionException("containment record " + containment.ledgerId()
                        + " changed while its release marked it released; the retry marks it again", e);
            }
        }
    }
}
