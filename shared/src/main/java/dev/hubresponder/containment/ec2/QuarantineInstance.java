package dev.hubresponder.containment.ec2;

import dev.hubresponder.action.ActionOutcome;
import dev.hubresponder.action.ActionProgress;
import dev.hubresponder.action.ActionRunner;
import dev.hubresponder.action.Reach;
import dev.hubresponder.action.Reachable;
import dev.hubresponder.action.WorkResult;
import dev.hubresponder.config.ResponderConfig;
import dev.hubresponder.containment.ec2.InstanceControls.Snapshots;
import dev.hubresponder.containment.ec2.InstanceDescription.AutoScalingMembership;
import dev.hubresponder.containment.ec2.InstanceDescription.NetworkInterface;
import dev.hubresponder.finding.Finding;
import dev.hubresponder.finding.ResourceLocation;
import dev.hubresponder.ledger.ActedIn;
import dev.hubresponder.ledger.ActionLedger;
import dev.hubresponder.ledger.ConcurrentLedgerUpdateException;
import dev.hubresponder.ledger.LedgerEntry;
import dev.hubresponder.ledger.LedgerState;
import dev.hubresponder.policy.PlannedAction;
import dev.hubresponder.policy.ResponseAction;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Contains one EC2 instance the way AWS's incident-response guidance does (aws-facts §3), resumably and undoably.
 *
 * <p>The {@link ActionRunner} makes it happen once per (finding, instance) and applies the kill switch, shadow mode
 * and the hourly cap. The work then:
 * <ol>
 *   <li>reads the instance's live state and refuses when it carries the protection tag, cannot be read (fail
 *       closed), does not exist or is terminated;</li>
 *   <li>records that state as the pre-state ({@link InstanceDescription} as JSON) before the first change;</li>
 *   <li>runs the {@link QuarantineStep}s in order, recording each as it completes, so that a retry after a failure
 *       in step N resumes at step N with the pre-state recorded before step 1. A permanent failure ends it
 *       {@link LedgerState#FAILED} with a reason that names the step and the steps completed.</li>
 * </ol>
 * In shadow mode nothing changes; the {@link LedgerState#SHADOW} record gets the pre-state and the steps it would
 * have taken (or the guard that would have refused).
 */
public final class QuarantineInstance {
    /** Ledger artifact on a record that found the instance already quarantined under another record. */
    public static final String QUARANTINED_UNDER = "quarantinedUnder";
    /** Ledger artifact: what was done with the Auto Scaling group ({@code standby:<group>}, {@code detached:…}). */
    public static final String AUTO_SCALING = "autoScaling";
    /** Ledger artifact prefix: {@code skipped:<eni>} → why the interface was left alone. */
    public static final String SKIPPED = "skipped:";

    private static final Pattern INSTANCE_ID = Pattern.compile("i-[0-9a-f]{8,17}");

    private final ActionRunner runner;
    private final ActionLedger ledger;
    private final Reachable<InstanceAccess> access;
    private final ResponderConfig config;
    private final QuarantineSettings settings;
    private final Clock clock;

    /**
     * @param access EC2, Auto Scaling and ELB in the account and Region an instance's ARN names (the stack's own, or
     *               a member account's through its role)
     */
    public QuarantineInstance(ActionRunner runner, ActionLedger ledger, Reachable<InstanceAccess> access,
                              ResponderConfig config, QuarantineSettings settings, Clock clock) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.access = Objects.requireNonNull(access, "access");
        this.config = Objects.requireNonNull(config, "config");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Quarantines the instance a {@link ResponseAction#QUARANTINE_INSTANCE} action names.
     *
     * @throws RetryableContainmentException when AWS failed in a way worth retrying (the ledger keeps the steps
     *                                       completed so far)
     * @throws dev.hubresponder.action.ActionInProgressException when another delivery is working on it
     */
    public ActionOutcome quarantine(Finding finding, PlannedAction action) {
        if (action.action() != ResponseAction.QUARANTINE_INSTANCE) {
            throw new IllegalArgumentException("not a quarantine: " + action.action());
        }
        ActionOutcome outcome = runner.run(action, finding, progress -> contain(progress, finding, action));
        if (outcome.kind() == ActionOutcome.Kind.SHADOW) {
            return new ActionOutcome(outcome.kind(), recordWouldDo(outcome.entry(), finding),
                    outcome.capReachedNow());
        }
        return outcome;
    }

    private WorkResult contain(ActionProgress progress, Finding finding, PlannedAction action) {
        String instanceId = action.target();
        if (instanceId == null || !INSTANCE_ID.matcher(instanceId).matches()) {
            return WorkResult.refused("'" + instanceId + "' is not an EC2 instance id");
        }
        Placed placed = placed(finding, instanceId);
        if (placed.refusal() != null) {
            return WorkResult.refused(placed.refusal());
        }
        InstanceAccess in = placed.access();
        progress.addArtifacts(ActedIn.artifacts(placed.where()));
        Guarded guarded = guarded(in, instanceId);
        if (guarded.refusal() != null) {
            return WorkResult.refused(guarded.refusal());
        }
        InstanceDescription live = guarded.instance();
        if (progress.preState().isEmpty()) {
            Optional<LedgerEntry> holder = unreleasedQuarantine(instanceId, placed.where(), progress.entry());
            if (holder.isPresent()) {
                progress.addArtifact(QUARANTINED_UNDER, holder.get().ledgerId());
                return WorkResult.done(instanceId + " is already quarantined under " + holder.get().ledgerId()
                        + " (finding " + holder.get().key().findingId() + "); release restores it from that record");
            }
            if (live.tags().containsKey(QuarantineTags.QUARANTINED)) {
                return WorkResult.refused(instanceId + " carries " + QuarantineTags.QUARANTINED + " (ledger id "
                        + live.tags().get(QuarantineTags.LEDGER_ID) + ") but no unreleased ledger record names it:"
                        + " its groups may already be quarantine groups, so no trustworthy pre-state can be"
                        + " recorded; restore it by hand and remove the tag");
            }
            progress.recordPreState(PreStateJson.write(live));
        }
        InstanceDescription pre = progress.preState().flatMap(PreStateJson::read).orElse(live);
        for (QuarantineStep step : QuarantineStep.values()) {
            if (progress.isCompleted(step.ledgerName())) {
                continue;
            }
            StepRun run = perform(in, step, progress.entry(), pre, live, finding);
            run.artifacts().forEach(progress::addArtifact);
            if (run.failure() != null) {
                return WorkResult.failed("quarantine of " + instanceId + " failed at step " + step.ledgerName()
                        + ": " + run.failure() + "; completed: " + describe(progress.entry().completedSteps()));
            }
            progress.completeStep(step.ledgerName());
        }
        return WorkResult.done(summarize(progress.entry(), live));
    }

    /**
     * The instance's account and Region (from the finding's ARN for it, which the policy checked) and what acts
     * there, or why it cannot be reached.
     */
    private Placed placed(Finding finding, String instanceId) {
        Optional<ResourceLocation> where = ResourceLocation.ofTarget(finding, instanceId);
        if (where.isEmpty()) {
            return new Placed(null, null, "no resource of the finding names " + instanceId + " with an ARN, so the"
                    + " account and Region to act in cannot be told");
        }
        Reach<InstanceAccess> reach = access.at(where.get(), finding.id());
        if (!reach.reached()) {
            return new Placed(where.get(), null, instanceId + " in " + where.get() + " cannot be reached: "
                    + reach.refusal());
        }
        return new Placed(where.get(), reach.value(), null);
    }

    private record Placed(ResourceLocation where, InstanceAccess access, String refusal) {
    }

    /** The live instance, or why containment must not touch it. */
    private Guarded guarded(InstanceAccess in, String instanceId) {
        InstanceLookup lookup = in.inventory().describe(instanceId);
        if (lookup instanceof InstanceLookup.Missing missing) {
            return Guarded.refused(instanceId + " does not exist: " + missing.reason());
        }
        if (lookup instanceof InstanceLookup.Unreadable unreadable) {
            return Guarded.refused("the tags of " + instanceId + " cannot be read, so its protection cannot be"
                    + " checked: " + unreadable.reason());
        }
        InstanceDescription live = ((InstanceLookup.Found) lookup).instance();
        if (live.carriesTag(config.protectedTagKey(), config.protectedTagValue())) {
            return Guarded.refused(instanceId + " carries the protection tag " + config.protectedTagKey() + "="
                    + live.tags().get(config.protectedTagKey()));
        }
        List<NetworkInterface> protectedInterfaces =
                live.interfacesCarryingTag(config.protectedTagKey(), config.protectedTagValue());
        if (!protectedInterfaces.isEmpty()) {
            return Guarded.refused(instanceId + " has an interface carrying the protection tag "
                    + config.protectedTagKey() + "=" + protectedInterfaces.get(0).tags().get(config.protectedTagKey())
                    + ": " + protectedInterfaces.stream().map(NetworkInterface::interfaceId).toList());
        }
        if (live.isGone()) {
            return Guarded.refused(instanceId + " is " + live.runState());
        }
        return new Guarded(live, null);
    }

    private StepRun perform(InstanceAccess in, QuarantineStep step, LedgerEntry entry, InstanceDescription pre,
                            InstanceDescription live, Finding finding) {
        String instanceId = live.instanceId();
        InstanceControls controls = in.controls();
        return switch (step) {
            case TERMINATION_PROTECTION -> StepRun.of(controls.protectFromTermination(instanceId), Map.of());
            case UNTRACKED_GROUPS -> moveInterfaces(controls, live, true);
            case ISOLATION_GROUPS -> moveInterfaces(controls, live, false);
            case AUTO_SCALING -> autoScaling(controls, pre, live);
            case TARGET_GROUPS -> StepRun.of(controls.deregisterFromTargetGroups(instanceId, live.vpcId()),
                    Map.of());
            case SNAPSHOTS -> snapshots(controls, entry, live, finding);
            case TAGS -> StepRun.of(controls.tagInstance(instanceId,
                    QuarantineTags.forInstance(finding.id(), entry.ledgerId(), clock.instant())), Map.of());
        };
    }

    private StepRun moveInterfaces(InstanceControls controls, InstanceDescription live, boolean untracked) {
        List<NetworkInterface> interfaces = live.modifiableInterfaces();
        if (interfaces.isEmpty()) {
            return StepRun.failed("no interface of " + live.instanceId() + " can be modified (all are managed by"
                    + " other services)", Map.of());
        }
        Map<String, String> artifacts = new LinkedHashMap<>(untracked ? skippedInterfaces(live) : Map.of());
        Map<String, QuarantineGroups> groupsByVpc = new TreeMap<>();
        for (NetworkInterface eni : interfaces) {
            QuarantineGroups groups = groupsByVpc.get(eni.vpcId());
            if (groups == null) {
                QuarantineGroups.Result found = controls.quarantineGroups(eni.vpcId());
                if (found.failure() != null) {
                    return StepRun.failed(found.failure(), artifacts);
                }
                groups = found.groups();
                groupsByVpc.put(eni.vpcId(), groups);
                artifacts.put((untracked ? "untrackedGroup:" : "isolationGroup:") + eni.vpcId(),
                        untracked ? groups.untrackedGroupId() : groups.isolationGroupId());
            }
            String groupId = untracked ? groups.untrackedGroupId() : groups.isolationGroupId();
            StepResult result = controls.setInterfaceGroups(eni.interfaceId(), List.of(groupId));
            if (result.failed()) {
                return StepRun.failed(result.detail(), artifacts);
            }
        }
        return StepRun.done(artifacts);
    }

    private StepRun autoScaling(InstanceControls controls, InstanceDescription pre, InstanceDescription live) {
        AutoScalingMembership membership = pre.autoScaling() != null ? pre.autoScaling() : live.autoScaling();
        if (membership == null) {
            return StepRun.done(Map.of(AUTO_SCALING, "none: not in an Auto Scaling group"));
        }
        String group = membership.groupName();
        return switch (settings.autoScalingAction()) {
            case NONE -> StepRun.done(Map.of(AUTO_SCALING, "left alone: " + group
                    + " (RESPONDER_EC2_ASG_ACTION=none)"));
            case STANDBY -> membership.inStandby()
                    ? StepRun.done(Map.of(AUTO_SCALING, "was-standby:" + group))
                    : StepRun.of(controls.enterStandby(group, live.instanceId()), Map.of(AUTO_SCALING,
                    "standby:" + group));
            case DETACH -> StepRun.of(controls.detachFromAutoScaling(group, live.instanceId()),
                    Map.of(AUTO_SCALING, "detached:" + group));
        };
    }

    private StepRun snapshots(InstanceControls controls, LedgerEntry entry, InstanceDescription live,
                              Finding finding) {
        if (!settings.snapshots()) {
            return StepRun.done(Map.of("snapshots", "off (RESPONDER_EC2_SNAPSHOTS=false)"));
        }
        Snapshots snapshots = controls.snapshotVolumes(live.instanceId(), live.volumeIds(),
                QuarantineTags.forSnapshot(finding.id(), entry.ledgerId(), live.instanceId()));
        Map<String, String> artifacts = new TreeMap<>();
        snapshots.snapshotIds().forEach((volume, snapshot) -> artifacts.put("snapshot:" + volume, snapshot));
        return snapshots.failure() == null ? StepRun.done(artifacts) : StepRun.failed(snapshots.failure(), artifacts);
    }

    /**
     * Adds to a shadow record what a real run would have found and done: the pre-state and the steps, or the guard
     * that would have refused.
     */
    private LedgerEntry recordWouldDo(LedgerEntry shadow, Finding finding) {
        if (shadow.preState() != null || shadow.artifacts().containsKey("wouldDo")
                || shadow.artifacts().containsKey("wouldRefuse")) {
            return shadow;
        }
        String instanceId = shadow.key().target();
        LedgerEntry changed;
        Guarded guarded;
        ResourceLocation where = null;
        if (instanceId == null || !INSTANCE_ID.matcher(instanceId).matches()) {
            guarded = Guarded.refused("'" + instanceId + "' is not an EC2 instance id");
        } else {
            Placed placed = placed(finding, instanceId);
            where = placed.where();
            guarded = placed.refusal() != null ? Guarded.refused(placed.refusal())
                    : guarded(placed.access(), instanceId);
        }
        if (guarded.refusal() != null) {
            changed = shadow.withArtifact("wouldRefuse", guarded.refusal(), clock.instant());
        } else {
            String wouldDo = Arrays.stream(QuarantineStep.values())
                    .filter(step -> step != QuarantineStep.SNAPSHOTS || settings.snapshots())
                    .map(QuarantineStep::description)
                    .collect(Collectors.joining("; "));
            changed = shadow.withPreState(PreStateJson.write(guarded.instance()), clock.instant())
                    .withArtifact("wouldDo", wouldDo, clock.instant());
            for (Map.Entry<String, String> skipped : skippedInterfaces(guarded.instance()).entrySet()) {
                changed = changed.withArtifact(skipped.getKey(), skipped.getValue(), clock.instant());
            }
        }
        if (where != null) {
            for (Map.Entry<String, String> location : ActedIn.artifacts(where).entrySet()) {
                changed = changed.withArtifact(location.getKey(), location.getValue(), clock.instant());
            }
        }
        try {
            return ledger.update(changed);
        } catch (ConcurrentLedgerUpdateException e) {
            return ledger.find(shadow.key()).orElse(shadow);
        }
    }

    /** An unreleased quarantine of the same instance (same account and Region) under another record, if any. */
    private Optional<LedgerEntry> unreleasedQuarantine(String instanceId, ResourceLocation where, LedgerEntry own) {
        return ledger.findByTarget(instanceId).stream()
                .filter(e -> !e.key().equals(own.key()))
                .filter(e -> ActedIn.isIn(e, where))
                .filter(QuarantineRecords::isUnreleasedQuarantine)
                .findFirst();
    }

    static Map<String, String> skippedInterfaces(InstanceDescription instance) {
        Map<String, String> skipped = new TreeMap<>();
        for (NetworkInterface eni : instance.requesterManagedInterfaces()) {
            skipped.put(SKIPPED + eni.interfaceId(), "requester-managed: another service manages "
                    + eni.interfaceId() + ", so its groups cannot be changed");
        }
        return skipped;
    }

    private static String describe(List<String> steps) {
        return steps.isEmpty() ? "none" : String.join(", ", steps);
    }

    private static String summarize(LedgerEntry entry, InstanceDescription live) {
        Map<String, String> a = entry.artifacts();
        List<String> parts = new ArrayList<>();
        parts.add("termination protection on");
        parts.add("interfaces " + live.modifiableInterfaces().stream().map(NetworkInterface::interfaceId)
                .sorted().collect(Collectors.joining(", ")) + " isolated (untracked " + values(a, "untrackedGroup:")
                + ", then isolation " + values(a, "isolationGroup:") + ")");
        parts.add("Auto Scaling: " + a.getOrDefault(AUTO_SCALING, "n/a"));
        parts.add("deregistered from target groups");
        String snapshots = values(a, "snapshot:");
        parts.add("snapshots: " + (snapshots.isEmpty() ? a.getOrDefault("snapshots", "none") : snapshots));
        parts.add("tagged");
        String skipped = a.keySet().stream().filter(k -> k.startsWith(SKIPPED))
                .map(k -> k.substring(SKIPPED.length()) + " (requester-managed)")
                .sorted().collect(Collectors.joining(", "));
        return live.instanceId() + " quarantined (" + entry.ledgerId() + "): " + String.join("; ", parts)
                + (skipped.isEmpty() ? "" : "; skipped " + skipped);
    }

    private static String values(Map<String, String> artifacts, String prefix) {
        return artifacts.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                .map(Map.Entry::getValue).sorted().collect(Collectors.joining(", "));
    }

    /** The live instance when every guard passed, else the first guard's refusal. */
    private record Guarded(InstanceDescription instance, String refusal) {
        static Guarded refused(String reason) {
            return new Guarded(null, reason);
        }
    }

    /** What one step did: artifacts to record, and a failure reason or null. */
    private record StepRun(Map<String, String> artifacts, String failure) {
        static StepRun of(StepResult result, Map<String, String> artifacts) {
            return result.failed() ? failed(result.detail(), artifacts) : done(artifacts);
        }

        static StepRun done(Map<String, String> artifacts) {
            return new StepRun(artifacts, null);
        }

        static StepRun failed(String failure, Map<String, String> artifacts) {
            return new StepRun(artifacts, failure);
        }
    }
}
