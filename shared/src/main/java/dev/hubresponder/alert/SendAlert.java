package dev.hubresponder.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubresponder.finding.Finding;
import dev.hubresponder.finding.MalformedEventException;
import dev.hubresponder.handoff.Handoff;
import dev.hubresponder.handoff.StageReport;
import dev.hubresponder.ledger.ActionKey;
import dev.hubresponder.ledger.ActionLedger;
import dev.hubresponder.ledger.ConcurrentLedgerUpdateException;
import dev.hubresponder.ledger.LedgerEntry;
import dev.hubresponder.ledger.LedgerState;
import dev.hubresponder.policy.Decision;
import dev.hubresponder.policy.PlannedAction;
import dev.hubresponder.policy.ResponseAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
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
 * <p>Duplicates are suppressed through the ledger: the alert claims {@code (findingId, ALERT, <source stage>)}
 * before sending. A record already DONE (or FAILED for good) means another delivery sent it; a record still
 * PLANNED means an earlier attempt stopped before recording the result, and the alert is sent again (a person
 * reading an alert twice is better than one reading none).
 */
public final class SendAlert {
    /** This stage's name in hand-over reports. */
    public static final String STAGE = "SendAlert";
    /** Ledger artifact: the channel's id for the message sent. */
    public static final String MESSAGE_ID = "messageId";

    private static final int MAX_STAGE_NAME = 64;

    private final ActionLedger ledger;
    private final AlertChannel channel;
    private final AlertComposer composer;
    private final ObjectMapper mapper;
    private final Clock clock;

    public SendAlert(ActionLedger ledger, AlertChannel channel, ObjectMapper mapper, Clock clock) {
        this.ledger = ledger;
        this.channel = channel;
        this.composer = new AlertComposer();
        this.mapper = mapper;
        this.clock = clock;
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
            source = stageName(nearest.stage());
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
     * Sends the alert for one finding unless the ledger shows it was sent already.
     *
     * @throws AlertChannelUnavailableException when the channel may accept it on a retry; the ledger record stays
     *                                          PLANNED so that the retry sends it
     */
    public AlertResult send(Decision decision, AlertContext context) {
        Finding finding = decision.finding();
        ActionKey key = new ActionKey(finding.id(), ResponseAction.ALERT, context.sourceStage());
        ActionLedger.Claim claim = ledger.claim(planned(key, finding));
        LedgerEntry entry = claim.entry();
        if (!claim.won() && entry.state() != LedgerState.PLANNED) {
            return new AlertResult(finding.id(), AlertResult.Status.DUPLICATE, null,
                    "alert for this hand-over already " + entry.state() + " (ledger " + entry.ledgerId() + ")");
        }
        List<LedgerEntry> records = ledger.findByFinding(finding.id());
        AlertMessage message = composer.compose(decision, records, context);
        String outcome = message.attributes().get(AlertComposer.OUTCOME);
        if (decision.actionsOf(ResponseAction.ALERT).stream().anyMatch(PlannedAction::shadow)) {
            boolean recorded = record(entry, LedgerState.SHADOW, "shadow mode: alert composed, not sent", Map.of());
            return new AlertResult(finding.id(), AlertResult.Status.SHADOW, outcome,
                    noting(recorded, message.subject()));
        }
        AlertChannel.Delivery delivery = channel.publish(message);
        if (delivery instanceof AlertChannel.Delivery.Sent sent) {
            boolean recorded = record(entry, LedgerState.DONE, "alert sent: " + outcome,
                    Map.of(MESSAGE_ID, sent.messageId()));
            return new AlertResult(finding.id(), AlertResult.Status.SENT, outcome, noting(recorded, message.subject()));
        }
        String reason = ((AlertChannel.Delivery.Rejected) delivery).reason();
        boolean recorded = record(entry, LedgerState.FAILED, "alert rejected: " + reason, Map.of());
        return new AlertResult(finding.id(), AlertResult.Status.REJECTED, outcome, noting(recorded, reason));
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

    private LedgerEntry planned(ActionKey key, Finding finding) {
        Instant now = clock.instant();
        return new LedgerEntry(key, ledgerId(key), LedgerState.PLANNED, "alert", finding.productArn(),
                finding.accountId(), finding.severity().name(), null, List.of(), Map.of(), now, now, null, 0);
    }

    /** Records the result; false when another delivery changed the record first (its result stands). */
    private boolean record(LedgerEntry entry, LedgerState state, String reason, Map<String, String> artifacts) {
        try {
            ledger.update(new LedgerEntry(entry.key(), entry.ledgerId(), state, reason, entry.productArn(),
                    entry.accountId(), entry.severity(), entry.preState(), entry.completedSteps(), artifacts,
                    entry.createdAt(), clock.instant(), entry.expiresAt(), entry.version()));
            return true;
        } catch (ConcurrentLedgerUpdateException e) {
            return false;
        }
    }

    private static String noting(boolean recorded, String detail) {
        return recorded ? detail : detail + " (not recorded: another delivery changed the ledger record first)";
    }

    /** A short stable id for people: the first 12 hex digits of the SHA-256 of the key. */
    static String ledgerId(ActionKey key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.asString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
