package dev.hubresponder.containment.ec2;

import dev.hubresponder.action.ActionOutcome;
import dev.hubresponder.action.ActionRunner;
import dev.hubresponder.action.RetryableActionException;
import dev.hubresponder.audit.AuditTrail;
import dev.hubresponder.finding.Finding;
import dev.hubresponder.handoff.StageReport;
import dev.hubresponder.handoff.StageReport.FindingReport;
import dev.hubresponder.ledger.ActionKey;
import dev.hubresponder.plan.Plan;
import dev.hubresponder.policy.Decision;
import dev.hubresponder.policy.PlannedAction;
import dev.hubresponder.policy.Refusal;
import dev.hubresponder.policy.ResponseAction;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The quarantine stage for one event: runs every {@link ResponseAction#QUARANTINE_INSTANCE} and
 * {@link ResponseAction#RELEASE_INSTANCE} action of each decision, records the policy's refusals of them, writes
 * the audit note on each finding, and reports to the next stage (tickets, then alerts) which findings it acted on.
 * What exactly was done is in the ledger, which the next stages read.
 */
public final class InstanceResponse {
    /** The stage's name in the {@link StageReport}. */
    public static final String STAGE = "QuarantineInstance";
    /** The actions this stage carries out. */
    public static final List<ResponseAction> ACTIONS = List.of(ResponseAction.QUARANTINE_INSTANCE,
            ResponseAction.RELEASE_INSTANCE);

    private final QuarantineInstance quarantine;
    private final ReleaseInstance release;
    private final ActionRunner runner;
    private final AuditTrail audit;

    public InstanceResponse(QuarantineInstance quarantine, ReleaseInstance release, ActionRunner runner,
                            AuditTrail audit) {
        this.quarantine = Objects.requireNonNull(quarantine, "quarantine");
        this.release = Objects.requireNonNull(release, "release");
        this.runner = Objects.requireNonNull(runner, "runner");
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    /**
     * Settles every finding of the plan, each on its own: one finding's retryable failure does not hold up the
     * others (an analyst's *Isolate* on ten findings quarantines the nine it can).
     *
     * @throws RetryableActionException after every finding was tried, when an action of one failed in a way worth
     *                                  retrying (the first such failure, the others suppressed); settled findings are
     *                                  noted, and the retry finds them done in the ledger
     */
    public StageReport respond(Plan plan) {
        List<FindingReport> reports = new ArrayList<>();
        RetryableActionException retry = null;
        for (Decision decision : plan.decisions()) {
            try {
                reports.add(respond(decision));
            } catch (RetryableActionException e) {
                if (retry == null) {
                    retry = e;
                } else {
                    retry.addSuppressed(e);
                }
            }
        }
        if (retry != null) {
            throw retry;
        }
        return new StageReport(STAGE, reports);
    }

    /**
     * Settles one finding: its actions run, its refusals recorded, its note written.
     *
     * @throws RetryableActionException when an action failed in a way worth retrying; what settled stays settled
     */
    public FindingReport respond(Decision decision) {
        Finding finding = decision.finding();
        List<ActionOutcome> outcomes = new ArrayList<>();
        for (PlannedAction action : decision.actionsOf(ResponseAction.QUARANTINE_INSTANCE)) {
            outcomes.add(quarantine.quarantine(finding, action));
        }
        for (PlannedAction action : decision.actionsOf(ResponseAction.RELEASE_INSTANCE)) {
            outcomes.add(release.release(finding, action));
        }
        for (ResponseAction action : ACTIONS) {
            for (Refusal refusal : decision.refusalsOf(action)) {
                outcomes.add(runner.refuse(new ActionKey(finding.id(), action, refusal.target()), finding,
                        refusal.reason()));
            }
        }
        if (outcomes.isEmpty()) {
            return new FindingReport(finding.id(), false, "no instance to quarantine or release");
        }
        audit.record(outcomes.stream().map(o -> new AuditTrail.Settled(finding, noted(o), null)).toList());
        return new FindingReport(finding.id(), true, outcomes.stream()
                .map(o -> o.kind() + " " + o.entry().key().action() + " " + o.entry().key().target() + ": "
                        + o.reason())
                .collect(Collectors.joining(" | ")));
    }

    /** A completed release is noted from the quarantine record it released, so that the finding says RELEASED. */
    private ActionOutcome noted(ActionOutcome outcome) {
        if (outcome.entry().key().action() != ResponseAction.RELEASE_INSTANCE) {
            return outcome;
        }
        return release.releasedQuarantine(outcome)
                .map(quarantined -> new ActionOutcome(outcome.kind(), quarantined, false))
                .orElse(outcome);
    }
}
