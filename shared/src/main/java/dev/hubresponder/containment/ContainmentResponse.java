package dev.hubresponder.containment;

import dev.hubresponder.action.ActionOutcome;
import dev.hubresponder.action.ActionRunner;
import dev.hubresponder.action.RetryableActionException;
import dev.hubresponder.audit.AuditTrail;
import dev.hubresponder.finding.Finding;
import dev.hubresponder.handoff.StageReport;
import dev.hubresponder.handoff.StageReport.FindingReport;
import dev.hubresponder.ledger.ActionKey;
import dev.hubresponder.ledger.LedgerEntry;
import dev.hubresponder.plan.Plan;
import dev.hubresponder.policy.Decision;
import dev.hubresponder.policy.PlannedAction;
import dev.hubresponder.policy.Refusal;
import dev.hubresponder.policy.ResponseAction;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A containment stage for one event, with a contain action and the release that undoes it (quarantine and release
 * of an instance, revocation and release of credentials): runs every such action of each decision, records the
 * policy's refusals of them, writes the audit note on each finding, and reports to the next stage (tickets, then
 * alerts) which findings it acted on. What exactly was done is in the ledger, which the next stages read.
 *
 * @param stage       the stage's name in the {@link StageReport}
 * @param contain     the contain action and how it is carried out
 * @param release     the release and how it is carried out
 * @param released    the containment record a completed release restored from, now RELEASED: the record whose note
 *                    tells analysts the resource is back
 * @param nothingToDo the report's summary for a finding with no such action
 */
public record ContainmentResponse(String stage, Move contain, Move release,
                                  Function<ActionOutcome, Optional<LedgerEntry>> released, String nothingToDo,
                                  ActionRunner runner, AuditTrail audit) {

    /** An action of the stage and the step that carries out one planned instance of it. */
    public record Move(ResponseAction action, BiFunction<Finding, PlannedAction, ActionOutcome> step) {
    }

    public ContainmentResponse {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(contain, "contain");
        Objects.requireNonNull(release, "release");
        Objects.requireNonNull(released, "released");
        Objects.requireNonNull(nothingToDo, "nothingToDo");
        Objects.requireNonNull(runner, "runner");
        Objects.requireNonNull(audit, "audit");
    }

    /** The actions this stage carries out: its contain action and its release. */
    public List<ResponseAction> actions() {
        return List.of(contain.action(), release.action());
    }

    /**
     * Settles every finding of the plan, each on its own: one finding's retryable failure does not hold up the
     * others (an analyst's custom action on ten findings contains the nine it can).
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
        return new StageReport(stage, reports);
    }

    /**
     * Settles one finding: its actions run, its refusals recorded, its note written.
     *
     * @throws RetryableActionException when an action failed in a way worth retrying; what settled stays settled
     */
    public FindingReport respond(Decision decision) {
        Finding finding = decision.finding();
        List<ActionOutcome> outcomes = new ArrayList<>();
        for (Move move : List.of(contain, release)) {
            for (PlannedAction action : decision.actionsOf(move.action())) {
                outcomes.add(move.step().apply(finding, action));
            }
        }
        for (ResponseAction action : actions()) {
            for (Refusal refusal : decision.refusalsOf(action)) {
                outcomes.add(runner.refuse(new ActionKey(finding.id(), action, refusal.target()), finding,
                        refusal.reason()));
            }
        }
        if (outcomes.isEmpty()) {
            return new FindingReport(finding.id(), false, nothingToDo);
        }
        audit.record(outcomes.stream().map(o -> new AuditTrail.Settled(finding, noted(o), null)).toList());
        return new FindingReport(finding.id(), true, outcomes.stream()
                .map(o -> o.kind() + " " + o.entry().key().action() + " " + o.entry().key().target() + ": "
                        + o.reason())
                .collect(Collectors.joining(" | ")));
    }

    /** A completed release is noted from the record it released, so that the finding says RELEASED. */
    private ActionOutcome noted(ActionOutcome outcome) {
        if (outcome.entry().key().action() != release.action()) {
            return outcome;
        }
        return released.apply(outcome)
                .map(contained -> new ActionOutcome(outcome.kind(), contained, false))
                .orElse(outcome);
    }
}
