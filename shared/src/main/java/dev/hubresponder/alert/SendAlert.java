package dev.hubresponder.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubresponder.action.ActionOutcome;
import dev.hubresponder.action.ActionRunner;
import dev.hubresponder.action.RetryableActionException;
import dev.hubresponder.action.WorkResult;
import dev.hubresponder.finding.Finding;
import dev.hubresponder.finding.MalformedEventException;
import dev.hubresponder.handoff.Handoff;
import dev.hubresponder.handoff.StageReport;
import dev.hubresponder.ledger.ActionKey;
import dev.hubresponder.ledger.ActionLedger;
import dev.hubresponder.ledger.LedgerState;
import dev.hubresponder.policy.Decision;
import dev.hubresponder.policy.ResponseAction;
import dev.hubresponder.policy.TrustPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The immediate alert: one message per finding per hand-over, after the actions ran, saying what they did.
 *
 * <p>Which findings get one ({@link #select}):
 * <ul>
 *   <li>handed over by a stage: the findings that stage's report marks {@code acted};</li>
 *   <li>an earlier stage failed after its retries: also every finding for which something was decided, so that a
 *       broken containment is never silent;</li>
 *   <li>invoked directly by EventBridge: the findings whose decision includes {@link ResponseAction#ALERT}.</li>
 * </ul>
 *
 * <p>Duplicates are suppressed through the ledger: the alert is an action {@code (findingId, ALERT, <source stage>)}
 * run by {@link ActionRunner}, so of any number of deliveries of one hand-over exactly one publishes; a settled
 * record (sent, rejected for good, shadow) answers later deliveries. A delivery that crashed between publishing
 * and recording leaves a claim whose lease runs out, and the retry publishes again: a person reading an alert twice
 * is better than one reading none. Shadow mode for {@code ALERT} ({@code RESPONDER_SHADOW_ACTIONS}) records the
 * alert without publishing it.
 *
 * <p>Alerts for findings of untrusted producers are capped per hour ({@link
 * dev.hubresponder.action.UntrustedProducerCap}): one over the cap is {@link AlertResult.Status#HELD_BACK}, and the
 * first held back in an hour publishes one "cap reached" alert in its place.
 */
public final class SendAlert {
    /** This stage's name in hand-over reports. */
    public static final String STAGE = "SendAlert";
    /** Ledger artifact: the channel's id for the message sent. */
    public static final String MESSAGE_ID = "messageId";

    private static final int MAX_STAGE_NAME = 64;

    private final ActionRunner runner;
    private final ActionLedger ledger;
    private final AlertChannel channel;
    private final AlertComposer composer;
    private final ObjectMapper mapper;

    /**
     * @param runner runs the alert once per hand-over on {@code ledger}
     * @param ledger where the finding's records are read from to say what was done
     * @param trust  the configured trusted producers, so that an alert says when a finding's is not one
     */
    public SendAlert(ActionRunner runner, ActionLedger ledger, AlertChannel channel, TrustPolicy trust,
                     ObjectMapper mapper) {
        this.runner = runner;
        this.ledger = ledger;
        this.channel = channel;
        this.composer = new AlertComposer(trust);
        this.mapper = mapper;
    }

    /** The findings to alert on, and the context shared by their alerts. */
    public record Selection(AlertContext context, List<Decision> alert, List<Decision> skipped) {
        public Selection {
            alert = List.copyOf(alert);
            skipped = List.copyOf(skipped);
        }
    }

    /**
     * Chooses the decisions to alert on.
     *
     * @throws MalformedEventException when the previous stage's report is not a {@link StageReport}
     */
    public Selection select(Handoff handoff, List<Decision> decisions) {
        Set<String> acted = Set.of();
        String source = AlertContext.DIRECT;
        if (!handoff.previousReports().isEmpty()) {
            StageReport nearest = readReport(handoff.previousReports().get(0));
            List<JsonNode> reports = handoff.previousReports();
            StageReport first = readReport(reports.get(reports.size() - 1));
            // The chain's first stage names the alert: a finding that both QuarantineInstance and BlockAddresses
            // acted on reaches this stage twice (each through CreateTicket) and gets an alert for each.
            source = handoff.failedStages().isEmpty() ? stageName(first.stage()) : AlertContext.FAILED_HANDOVER;
            acted = nearest.findings().stream().filter(StageReport.FindingReport::acted)
                    .map(StageReport.FindingReport::id).collect(Collectors.toSet());
        } else if (handoff.isHandedOver()) {
            source = AlertContext.FAILED_HANDOVER;
        }
        AlertContext context = new AlertContext(source, handoff.failedStages());
        List<Decision> alert = new ArrayList<>();
        List<Decision> skipped = new ArrayList<>();
        for (Decision decision : decisions) {
            boolean wanted = handoff.isHandedOver()
                    ? acted.contains(decision.finding().id()) || (context.anyStageFailed() && decidedSomething(decision))
                    : !decision.actionsOf(ResponseAction.ALERT).isEmpty();
            (wanted ? alert : skipped).add(decision);
        }
        return new Selection(context, alert, skipped);
    }

    /**
     * Sends the alert for one finding unless the ledger shows it was sent for this hand-over already.
     *
     * @throws RetryableActionException when the channel may accept it on a retry, or another delivery of the same
     *                                  hand-over is sending it right now; Lambda's retry settles it
     */
    public AlertResult send(Decision decision, AlertContext context) {
        Finding finding = decision.finding();
        ActionKey key = new ActionKey(finding.id(), ResponseAction.ALERT, context.sourceStage());
        AlertMessage[] composed = new AlertMessage[1];
        ActionOutcome outcome = runner.run(key, finding, "alert after " + context.sourceStage(), progress -> {
            composed[0] = composer.compose(decision, ledger.findByFinding(finding.id()), context);
            AlertChannel.Delivery delivery;
            try {
                delivery = channel.publish(composed[0]);
            } catch (AlertChannelUnavailableException e) {
                throw new RetryableActionException(e.getMessage(), e);
            }
            String said = composed[0].attributes().get(AlertComposer.OUTCOME);
            if (delivery instanceof AlertChannel.Delivery.Sent sent) {
                progress.addArtifact(MESSAGE_ID, sent.messageId());
                return WorkResult.done("alert sent (" + said + "): " + composed[0].subject());
            }
            return WorkResult.failed("alert rejected: " + ((AlertChannel.Delivery.Rejected) delivery).reason());
        });
        String said = composed[0] == null ? null : composed[0].attributes().get(AlertComposer.OUTCOME);
        boolean heldBack = outcome.entry().state() == LedgerState.REFUSED;
        AlertResult.Status status = switch (outcome.kind()) {
            case DONE -> AlertResult.Status.SENT;
            case ALREADY_DONE -> heldBack ? AlertResult.Status.HELD_BACK : AlertResult.Status.DUPLICATE;
            case SHADOW -> AlertResult.Status.SHADOW;
            case REFUSED -> AlertResult.Status.HELD_BACK;
            case FAILED -> AlertResult.Status.REJECTED;
        };
        String summary = outcome.capReachedNow() ? "; " + sendCapReached(decision, outcome.reason()) : "";
        return new AlertResult(finding.id(), status, said, outcome.reason() + " (ledger "
                + outcome.entry().ledgerId() + ")" + summary);
    }

    /**
     * Publishes the one "untrusted-producer cap reached" alert of the hour. Not retried: the ledger counted this
     * finding as the hour's first held back, and a retry would not be the first again; each held-back finding stays
     * recorded, counted and logged whatever happens to this message.
     */
    private String sendCapReached(Decision decision, String reason) {
        try {
            AlertChannel.Delivery delivery = channel.publish(composer.untrustedCapReached(decision, reason));
            return delivery instanceof AlertChannel.Delivery.Sent sent
                    ? "cap-reached alert sent (" + sent.messageId() + ")"
                    : "cap-reached alert rejected: " + ((AlertChannel.Delivery.Rejected) delivery).reason();
        } catch (AlertChannelUnavailableException e) {
            return "cap-reached alert not sent, channel unavailable: " + e.getMessage();
        }
    }

    private StageReport readReport(JsonNode report) {
        try {
            StageReport parsed = mapper.treeToValue(report, StageReport.class);
            if (parsed == null || parsed.stage() == null) {
                throw new MalformedEventException("previous stage report has no stage name: "
                        + PrintableText.line(report.toString(), 200));
            }
            return parsed;
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new MalformedEventException("previous stage report is not a stage report: "
                    + PrintableText.line(e.getMessage(), 200), e);
        }
    }

    private static String stageName(String stage) {
        String name = PrintableText.line(stage, MAX_STAGE_NAME);
        return name.isEmpty() ? AlertContext.FAILED_HANDOVER : name;
    }

    private static boolean decidedSomething(Decision decision) {
        return !decision.refused().isEmpty() || decision.actions().stream()
                .anyMatch(a -> a.action() != ResponseAction.DIGEST_DAILY && a.action() != ResponseAction.DIGEST_WEEKLY);
    }
}
