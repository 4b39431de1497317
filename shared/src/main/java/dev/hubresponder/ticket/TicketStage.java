package dev.hubresponder.ticket;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubresponder.action.RetryableActionException;
import dev.hubresponder.audit.AuditTrail;
import dev.hubresponder.audit.NoteReport;
import dev.hubresponder.handoff.FindingResult;
import dev.hubresponder.handoff.Handoff;
import dev.hubresponder.handoff.StageReport;
import dev.hubresponder.plan.Plan;
import dev.hubresponder.policy.Decision;
import dev.hubresponder.policy.PlannedAction;
import dev.hubresponder.policy.ResponseAction;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The ticket stage of the response: containment → ticket → alert. Decides which findings of an event it acts on,
 * opens their tickets through {@link TicketService}, and reports to the alert stage.
 *
 * <p>Which findings:
 * <ul>
 *   <li>Delivered directly by EventBridge, a finding whose decision also contains containment is left alone: the
 *       containment stage hands it over when it is done, so that the ticket can say what containment did.</li>
 *   <li>Handed over by a stage that succeeded, only the findings that stage {@code acted} on.</li>
 *   <li>Handed over by a stage that failed after its retries, every finding, so that broken containment still
 *       produces a ticket (which says the stage failed).</li>
 * </ul>
 * Of those, findings whose decision has a TICKET action get one. The report marks a finding {@code acted} when its
 * decision has an ALERT action, ticket or not, so that the alert stage follows; findings left alone are not acted,
 * so that the alert comes once, after the containment stage's hand-over.
 *
 * <p>Each settled ticket is written back onto its finding through the {@link AuditTrail}: the note (with the
 * ticket's key and URL), {@code UserDefinedFields} {@code hub-responder.ticket}, workflow NOTIFIED; once per ledger
 * record, however often the finding is delivered.
 *
 * <p>A retryable failure for one finding does not stop the others: it is collected in the result, and the function
 * throws after the whole event was handled, so that Lambda retries (the ledger makes the retry skip what is done).
 */
public final class TicketStage {
    public static final String NAME = "CreateTicket";

    private final TicketService service;
    private final AuditTrail audit;

    public TicketStage(TicketService service, AuditTrail audit) {
        this.service = Objects.requireNonNull(service, "service");
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    /**
     * @param plan    the decisions for the event's findings
     * @param handoff how the event arrived: directly, or from an earlier stage
     */
    public Result run(Plan plan, Handoff handoff) {
        Set<String> actedBefore = actedOnByPreviousStage(handoff);
        List<Step> steps = plan.decisions().stream().map(d -> step(d, handoff, actedBefore)).toList();
        List<AuditTrail.Settled> settled = steps.stream().map(Step::settled).filter(Objects::nonNull).toList();
        NoteReport notes = settled.isEmpty() ? new NoteReport(List.of(), List.of()) : audit.record(settled);
        return new Result(new StageReport(NAME, steps.stream().map(Step::report).toList()),
                steps.stream().map(Step::outcome).filter(Objects::nonNull).toList(), notes,
                steps.stream().map(Step::retry).filter(Objects::nonNull).map(RuntimeException.class::cast).toList());
    }

    /**
     * One finding of the event on its own, its ticket noted on it: what the stage runner settles finding by finding.
     *
     * @param handoff how the event arrived: directly, or from an earlier stage
     */
    public FindingResult settle(Decision decision, Handoff handoff) {
        Step step = step(decision, handoff, actedOnByPreviousStage(handoff));
        List<NoteReport.Failure> notesFailed = step.settled() == null ? List.of()
                : audit.record(List.of(step.settled())).failed();
        return new FindingResult(step.report(), notesFailed, step.retry());
    }

    private Step step(Decision decision, Handoff handoff, Set<String> actedBefore) {
        boolean everyFinding = !handoff.isHandedOver() || !handoff.failedStages().isEmpty();
        String id = decision.finding().id();
        boolean alert = !decision.actionsOf(ResponseAction.ALERT).isEmpty();
        if (!handoff.isHandedOver() && hasContainment(decision)) {
            return Step.of(new StageReport.FindingReport(id, false,
                    "left to the containment stage, which hands it over"));
        } else if (!everyFinding && !actedBefore.contains(id)) {
            return Step.of(new StageReport.FindingReport(id, false, "the previous stage did not act on it"));
        } else if (decision.actionsOf(ResponseAction.TICKET).isEmpty()) {
            return Step.of(new StageReport.FindingReport(id, alert, "no ticket asked"));
        }
        try {
            TicketOutcome outcome = service.ticket(decision, handoff.failedStages());
            AuditTrail.Settled settled = outcome.action() == null ? null : new AuditTrail.Settled(decision.finding(),
                    outcome.action(), outcome.ticket() == null ? null : outcome.ticket().key());
            return new Step(new StageReport.FindingReport(id, alert, outcome.summary()), outcome, settled, null);
        } catch (RetryableActionException e) {
            return new Step(new StageReport.FindingReport(id, alert, "ticket to be retried: " + e.getMessage()),
                    null, null, e);
        }
    }

    /** What the stage did for one finding, before its note is written. */
    private record Step(StageReport.FindingReport report, TicketOutcome outcome, AuditTrail.Settled settled,
                        RetryableActionException retry) {
        static Step of(StageReport.FindingReport report) {
            return new Step(report, null, null, null);
        }
    }

    private static boolean hasContainment(Decision decision) {
        return decision.actions().stream().map(PlannedAction::action).anyMatch(ResponseAction::isContainment);
    }

    private static Set<String> actedOnByPreviousStage(Handoff handoff) {
        Set<String> acted = new HashSet<>();
        if (handoff.previousReports().isEmpty()) {
            return acted;
        }
        JsonNode nearest = handoff.previousReports().get(0);
        for (JsonNode finding : nearest.path("findings")) {
            if (finding.path("acted").asBoolean(false)) {
                acted.add(finding.path("id").asText());
            }
        }
        return acted;
    }

    /**
     * @param report    what the function returns, and so what the alert stage receives
     * @param outcomes  one per finding a ticket was asked for and settled
     * @param notes     the notes written back onto findings, and those Security Hub refused
     * @param retryable failures that should make Lambda retry the event once every finding was handled
     */
    public record Result(StageReport report, List<TicketOutcome> outcomes, NoteReport notes,
                         List<RuntimeException> retryable) {
        public Result {
            outcomes = List.copyOf(outcomes);
            retryable = List.copyOf(retryable);
        }
    }
}
