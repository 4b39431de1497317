package dev.hubresponder.containment.credentials;

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
 * The credentials stage for one event: runs every {@link ResponseAction#REVOKE_CREDENTIALS} and
 * {@link ResponseAction#RELEASE_CREDENTIALS} action of each decision, records the policy's refusals of them, writes
 * the audit note on each finding, and reports to the next stage (tickets, then alerts) which findings it acted on.
 */
public final class CredentialResponse {
    /** The stage's name in the {@link StageReport}. */
    public static final String STAGE = "RevokeCredentials";
    /** The actions this stage carries out. */
    public static final List<ResponseAction> ACTIONS = List.of(ResponseAction.REVOKE_CREDENTIALS,
            ResponseAction.RELEASE_CREDENTIALS);

    private final RevokeCredentials revoke;
    private final ReleaseCredentials release;
    private final ActionRunner runner;
    private final AuditTrail audit;

    public CredentialResponse(RevokeCredentials revoke, ReleaseCredentials release, ActionRunner runner,
                              AuditTrail audit) {
        this.revoke = Objects.requireNonNull(revoke, "revoke");
        this.release = Objects.requireNonNull(release, "release");
        this.runner = Objects.requireNonNull(runner, "runner");
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    /**
     * Settles every finding of the plan, each on its own: one finding's retryable failure does not hold up the
     * others.
     *
     * @throws RetryableActionException after every finding was tried, when an action of one failed in a way worth
     *                                  retrying (the first such failure, the others suppressed)
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
        for (PlannedAction action : decision.actionsOf(ResponseAction.REVOKE_CREDENTIALS)) {
            outcomes.add(revoke.revoke(finding, action));
        }
        for (PlannedAction action : decision.actionsOf(ResponseAction.RELEASE_CREDENTIALS)) {
            outcomes.add(release.release(finding, action));
        }
        for (ResponseAction action : ACTIONS) {
            for (Refusal refusal : decision.refusalsOf(action)) {
                outcomes.add(runner.refuse(new ActionKey(finding.id(), action, refusal.target()), finding,
                        refusal.reason()));
            }
        }
        if (outcomes.isEmpty()) {
            return new FindingReport(finding.id(), false, "no credentials to revoke or release");
        }
        audit.record(outcomes.stream().map(o -> new AuditTrail.Settled(finding, noted(o), null)).toList());
        return new FindingReport(finding.id(), true, outcomes.stream()
                .map(o -> o.kind() + " " + o.entry().key().action() + " " + o.entry().key().target() + ": "
                        + o.reason())
                .collect(Collectors.joining(" | ")));
    }

    /** A completed release is noted from the revocation record it released, so that the finding says RELEASED. */
    private ActionOutcome noted(ActionOutcome outcome) {
        if (outcome.entry().key().action() != ResponseAction.RELEASE_CREDENTIALS) {
            return outcome;
        }
        return release.releasedRevocation(outcome)
                .map(revoked -> new ActionOutcome(outcome.kind(), revoked, false))
                .orElse(outcome);
    }
}
