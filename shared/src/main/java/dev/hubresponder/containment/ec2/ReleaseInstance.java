package dev.hubresponder.containment.ec2;

import dev.hubresponder.action.ActionOutcome;
import dev.hubresponder.action.ActionProgress;
import dev.hubresponder.action.ActionRunner;
import dev.hubresponder.action.Reach;
import dev.hubresponder.action.Reachable;
import dev.hubresponder.action.WorkResult;
import dev.hubresponder.containment.ec2.InstanceDescription.NetworkInterface;
import dev.hubresponder.finding.Finding;
import dev.hubresponder.finding.ResourceLocation;
import dev.hubresponder.ledger.ActedIn;
import dev.hubresponder.ledger.ActionKey;
import dev.hubresponder.ledger.ActionLedger;
import dev.hubresponder.ledger.ConcurrentLedgerUpdateException;
import dev.hubresponder.ledger.LedgerEntry;
import dev.hubresponder.ledger.LedgerState;
import dev.hubresponder.policy.PlannedAction;
import dev.hubresponder.policy.ResponseAction;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Undoes a quarantine from the pre-state its ledger record holds: the interfaces' own groups, the Auto Scaling
 * group, the target groups, termination protection and shutdown behaviour, then the quarantine tags
 * ({@link ReleaseStep}). The release has its own ledger record (run once per finding and instance by the
 * {@link ActionRunner}, resumable step by step); when it completes, the quarantine record becomes
 * {@link LedgerState#RELEASED}.
 *
 * <p>Refuses, changing nothing, when no unreleased quarantine record exists for the instance, when the instance is
 * gone, or when its interfaces changed since the quarantine: recorded groups put back onto a different set of
 * interfaces could open what was never open.
 */
public final class ReleaseInstance {
    /** Ledger artifact on the release record: the quarantine record it restored from. */
    public static final String QUARANTINE_RECORD = "quarantineRecord";
    /** Ledger artifact on the release record: the finding of that quarantine record (its key). */
    public static final String QUARANTINE_FINDING = "quarantineFinding";

    private final ActionRunner runner;
    private final ActionLedger ledger;
    private final Reachable<InstanceAccess> access;
    private final Clock clock;

    /**
     * @param access EC2, Auto Scaling and ELB in the account and Region an instance's ARN names, as for the
     *               quarantine
     */
    public ReleaseInstance(ActionRunner runner, ActionLedger ledger, Reachable<InstanceAccess> access, Clock clock) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.access = Objects.requireNonNull(access, "access");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Releases the instance a {@link ResponseAction#RELEASE_INSTANCE} action names.
     *
     * @throws RetryableContainmentException when AWS failed in a way worth retrying, or the quarantine is still in
     *                                       progress
     */
    public ActionOutcome release(Finding finding, PlannedAction action) {
        if (action.action() != ResponseAction.RELEASE_INSTANCE) {
            throw new IllegalArgumentException("not a release: " + action.action());
        }
        return runner.run(action, finding, progress -> restore(progress, finding, action));
    }

    private WorkResult restore(ActionProgress progress, Finding finding, PlannedAction action) {
        String instanceId = action.target();
        if (instanceId == null || instanceId.isBlank()) {
            return WorkResult.refused("the release names no instance");
        }
        Optional<ResourceLocation> where = ResourceLocation.ofTarget(finding, instanceId);
        if (where.isEmpty()) {
            return WorkResult.refused("no resource of the finding names " + instanceId + " with an ARN, so the"
                    + " account and Region to release it in cannot be told");
        }
        List<LedgerEntry> records = ledger.findByTarget(instanceId).stream()
                .filter(e -> e.key().action() == ResponseAction.QUARANTINE_INSTANCE)
                .filter(e -> ActedIn.isIn(e, where.get()))
                .toList();
        Optional<LedgerEntry> newest = records.stream().filter(QuarantineRecords::isUnreleasedQuarantine)
                .findFirst();
        if (newest.isEmpty()) {
            Optional<LedgerEntry> released = records.stream().filter(e -> e.state() == LedgerState.RELEASED)
                    .filter(e -> e.preState() != null).findFirst();
            return released.isPresent()
                    ? WorkResult.done(instanceId + " was already released (" + released.get().ledgerId() + ")")
                    : WorkResult.refused("no ledger record of a quarantine of " + instanceId + " in "
                    + where.get() + ", so there is no recorded state to restore");
        }
        Reach<InstanceAccess> reach = access.at(where.get(), finding.id());
        if (!reach.reached()) {
            return WorkResult.refused(instanceId + " in " + where.get() + " cannot be reached: " + reach.refusal());
        }
        InstanceAccess in = reach.value();
        progress.addArtifacts(ActedIn.artifacts(where.get()));
        LedgerEntry quarantine = ledger.find(newest.get().key()).orElse(newest.get());
        if (quarantine.isLeasedAt(clock.instant())) {
            throw new RetryableContainmentException("the quarantine of " + instanceId + " is in progress under "
                    + quarantine.ledgerId() + " until " + quarantine.leaseUntil() + "; release after it ends");
        }
        Optional<InstanceDescription> recorded = PreStateJson.read(quarantine.preState());
        if (recorded.isEmpty()) {
            return WorkResult.refused("the pre-state in " + quarantine.ledgerId() + " cannot be read");
        }
        InstanceDescription pre = recorded.get();
        InstanceLookup lookup = in.inventory().describe(instanceId);
        if (lookup instanceof InstanceLookup.Missing missing) {
            return WorkResult.refused(instanceId + " no longer exists: " + missing.reason());
        }
        if (lookup instanceof InstanceLookup.Unreadable unreadable) {
            return WorkResult.refused("the state of " + instanceId + " cannot be read: " + unreadable.reason());
        }
        InstanceDescription live = ((InstanceLookup.Found) lookup).instance();
        if (live.isGone()) {
            return WorkResult.refused(instanceId + " is " + live.runState() + "; there is nothing to restore");
        }
        Optional<String> changed = interfacesChanged(pre, live);
        if (changed.isPresent()) {
            return WorkResult.refused("restoring " + instanceId + " is unsafe: " + changed.get() + " since the"
                    + " quarantine; restore it by hand from the pre-state in " + quarantine.ledgerId());
        }
        if (progress.preState().isEmpty()) {
            progress.recordPreState(PreStateJson.write(live));
            progress.addArtifact(QUARANTINE_RECORD, quarantine.ledgerId());
            progress.addArtifact(QUARANTINE_FINDING, quarantine.key().findingId());
        }
        for (ReleaseStep step : ReleaseStep.values()) {
            if (progress.isCompleted(step.ledgerName())) {
                continue;
            }
            StepResult result = perform(in.controls(), step, quarantine, pre);
            if (result.failed()) {
                return WorkResult.failed("release of " + instanceId + " failed at step " + step.ledgerName() + ": "
                        + result.detail() + "; completed: " + describe(progress.entry().completedSteps())
                        + "; the quarantine record " + quarantine.ledgerId() + " still holds the pre-state");
            }
            progress.completeStep(step.ledgerName());
        }
        String restored = plan(pre, quarantine);
        markReleased(quarantine, progress.entry(), finding, restored);
        return WorkResult.done(instanceId + " released from " + quarantine.ledgerId() + ": " + restored);
    }

    private StepResult perform(InstanceControls controls, ReleaseStep step, LedgerEntry quarantine,
                               InstanceDescription pre) {
        String instanceId = pre.instanceId();
        return switch (step) {
            case INTERFACE_GROUPS -> restoreGroups(controls, pre);
            case AUTO_SCALING -> restoreAutoScaling(controls, quarantine, instanceId);
            case TARGET_GROUPS -> pre.targetRegistrations().isEmpty()
                    ? StepResult.alreadyDone(instanceId + " was in no target group")
                    : controls.registerWithTargetGroups(instanceId, pre.targetRegistrations());
            case TERMINATION_SETTINGS -> controls.restoreTerminationSettings(instanceId,
                    pre.terminationProtection(), pre.shutdownBehavior());
            case TAGS -> controls.untagInstance(instanceId, QuarantineTags.INSTANCE_TAG_KEYS);
        };
    }

    private StepResult restoreGroups(InstanceControls controls, InstanceDescription pre) {
        for (NetworkInterface eni : pre.modifiableInterfaces()) {
            StepResult result = controls.setInterfaceGroups(eni.interfaceId(), eni.groupIds());
            if (result.failed()) {
                return result;
            }
        }
        return StepResult.done("restored the groups of " + pre.modifiableInterfaces().size() + " interfaces");
    }

    private StepResult restoreAutoScaling(InstanceControls controls, LedgerEntry quarantine, String instanceId) {
        String done = quarantine.artifacts().getOrDefault(QuarantineInstance.AUTO_SCALING, "");
        if (done.startsWith("standby:")) {
            return controls.exitStandby(done.substring("standby:".length()), instanceId);
        }
        if (done.startsWith("detached:")) {
            return controls.attachToAutoScaling(done.substring("detached:".length()), instanceId);
        }
        return StepResult.alreadyDone("containment did not change the Auto Scaling group of " + instanceId);
    }

    /**
     * Marks the quarantine record, and the records that only pointed at it ("already quarantined under …"),
     * released.
     */
    private void markReleased(LedgerEntry quarantine, LedgerEntry release, Finding finding, String restored) {
        String reason = "released by " + release.ledgerId() + " for finding " + finding.id() + ": " + restored;
        try {
            LedgerEntry current = ledger.find(quarantine.key()).orElse(quarantine);
            ledger.update(current.withArtifact("releasedBy", release.ledgerId(), clock.instant())
                    .withState(LedgerState.RELEASED, reason, clock.instant()));
            for (LedgerEntry follower : ledger.findByTarget(quarantine.key().target())) {
                if (quarantine.ledgerId().equals(follower.artifacts().get(QuarantineInstance.QUARANTINED_UNDER))
                        && follower.state() == LedgerState.DONE) {
                    ledger.update(follower.withState(LedgerState.RELEASED, reason, clock.instant()));
                }
            }
        } catch (ConcurrentLedgerUpdateException e) {
            throw new RetryableContainmentException("the quarantine record " + quarantine.ledgerId()
                    + " changed while it was being marked released", e);
        }
    }

    /**
     * The quarantine record a completed release restored from, now {@link LedgerState#RELEASED}: the record whose
     * note tells analysts the instance is back (and resolves the finding, since a human asked for the release).
     */
    public Optional<LedgerEntry> releasedQuarantine(ActionOutcome releaseOutcome) {
        LedgerEntry release = releaseOutcome.entry();
        String quarantineFinding = release.artifacts().get(QUARANTINE_FINDING);
        if (release.state() != LedgerState.DONE || quarantineFinding == null) {
            return Optional.empty();
        }
        return ledger.find(new ActionKey(quarantineFinding, ResponseAction.QUARANTINE_INSTANCE,
                        release.key().target()))
                .filter(e -> e.state() == LedgerState.RELEASED);
    }

    /** Why the live interfaces no longer match the recorded ones, if they do not. */
    static Optional<String> interfacesChanged(InstanceDescription pre, InstanceDescription live) {
        Set<String> before = ids(pre.modifiableInterfaces());
        Set<String> now = ids(live.modifiableInterfaces());
        if (before.equals(now)) {
            return Optional.empty();
        }
        Set<String> added = new TreeSet<>(now);
        added.removeAll(before);
        Set<String> removed = new TreeSet<>(before);
        removed.removeAll(now);
        List<String> parts = new ArrayList<>();
        if (!added.isEmpty()) {
            parts.add("interfaces " + String.join(", ", added) + " were attached");
        }
        if (!removed.isEmpty()) {
            parts.add("interfaces " + String.join(", ", removed) + " were detached");
        }
        return Optional.of(String.join(" and ", parts));
    }

    private static Set<String> ids(List<NetworkInterface> interfaces) {
        return interfaces.stream().map(NetworkInterface::interfaceId).collect(Collectors.toCollection(TreeSet::new));
    }

    private static String plan(InstanceDescription pre, LedgerEntry quarantine) {
        List<String> parts = new ArrayList<>();
        for (NetworkInterface eni : pre.modifiableInterfaces()) {
            parts.add(eni.interfaceId() + " back on " + String.join(", ", eni.groupIds()));
        }
        String asg = quarantine.artifacts().getOrDefault(QuarantineInstance.AUTO_SCALING, "");
        if (asg.startsWith("standby:")) {
            parts.add("back in service in " + asg.substring("standby:".length())
                    + " (its desired capacity grew by one; lower it if the replacement should go)");
        } else if (asg.startsWith("detached:")) {
            parts.add("attached to " + asg.substring("detached:".length())
                    + " again (its desired capacity grew by one)");
        }
        if (!pre.targetRegistrations().isEmpty()) {
            parts.add("registered in " + pre.targetRegistrations().size() + " target group(s)");
        }
        parts.add("termination protection " + (pre.terminationProtection() ? "on" : "off") + ", shutdown behaviour "
                + pre.shutdownBehavior());
        parts.add("quarantine tags removed");
        return String.join("; ", parts);
    }

    private static String describe(List<String> steps) {
        return steps.isEmpty() ? "none" : String.join(", ", steps);
    }
}
