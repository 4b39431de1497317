package dev.hubresponder.alert;

import dev.hubresponder.containment.credentials.RevocationGuidance;
import dev.hubresponder.finding.ConsoleLink;
import dev.hubresponder.finding.Finding;
import dev.hubresponder.finding.RemoteAddress;
import dev.hubresponder.finding.Resource;
import dev.hubresponder.ledger.ActionKey;
import dev.hubresponder.ledger.LedgerEntry;
import dev.hubresponder.policy.Decision;
import dev.hubresponder.policy.PlannedAction;
import dev.hubresponder.policy.Refusal;
import dev.hubresponder.policy.ResponseAction;
import dev.hubresponder.policy.TrustPolicy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Writes the alert for one finding: what the responder did about it, read from the ledger (the record of what
 * actually happened), completed by the decision for what was decided but not recorded, and the finding itself.
 *
 * <p>The body is plain text for email, most important first: the outcome, each action with its state (failed,
 * done, in progress, refused and why, shadow), a warning when an earlier stage failed, the ticket, the console
 * link; then the finding's facts; its description last, since that is what gets cut when the message is too
 * large. Every piece of finding text is cleaned by {@link PrintableText}.
 */
public final class AlertComposer {
    /** Ledger artifact names the ticket stage records on its TICKET record. */
    public static final String TICKET_KEY = "ticketKey";
    public static final String TICKET_URL = "ticketUrl";

    /** Message attribute names, for subscription filter policies. */
    public static final String SEVERITY = "severity";
    public static final String ACCOUNT = "account";
    public static final String ACTION = "action";
    public static final String OUTCOME = "outcome";
    public static final String FINDING_TYPE = "findingType";
    /** The {@code findingType} attribute of the alert that says the untrusted-producer cap was reached. */
    public static final String UNTRUSTED_CAP_TYPE = "hub-responder/UntrustedProducerCap";
    /** The {@code action} attribute of an alert that reports no containment or release. */
    public static final String NO_ACTION = "NONE";

    private static final int FIELD_CHARS = 1_000;
    private static final int MAX_LISTED = 20;
    private static final int TITLE_IN_SUBJECT = 200;

    private final TrustPolicy trust;

    /** @param trust says whether the finding's producer is trusted, so that the alert can say when it is not */
    public AlertComposer(TrustPolicy trust) {
        this.trust = trust;
    }

    /** Composes the alert for a decision, given the finding's ledger records and how the alert was reached. */
    public AlertMessage compose(Decision decision, List<LedgerEntry> records, AlertContext context) {
        Finding finding = decision.finding();
        List<ActionLine> lines = actionLines(decision, records);
        Optional<LedgerEntry> ticket = records.stream()
                .filter(r -> r.key().action() == ResponseAction.TICKET)
                .max(Comparator.comparing(LedgerEntry::updatedAt, Comparator.nullsFirst(Comparator.naturalOrder())));
        ActionLine headline = lines.stream().min(Comparator.comparing(ActionLine::outcome)).orElse(null);
        AlertOutcome outcome = context.anyStageFailed() ? AlertOutcome.FAILED
                : headline == null ? AlertOutcome.NOTIFIED : headline.outcome();
        String action = headline == null ? NO_ACTION : headline.action().name();
        String consoleLink = ConsoleLink.forFinding(finding);

        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put(SEVERITY, finding.severity().name());
        attributes.put(ACCOUNT, finding.accountId());
        attributes.put(ACTION, action);
        attributes.put(OUTCOME, outcome.name());
        attributes.put(FINDING_TYPE, finding.primaryType() == null ? NO_ACTION : finding.primaryType());

        String subject = "[" + finding.severity() + "] " + outcome + " in " + finding.accountId() + ": "
                + PrintableText.line(title(finding), TITLE_IN_SUBJECT);
        String body = body(decision, lines, ticket, outcome, context, consoleLink);
        return AlertMessage.of(subject, body, attributes, "The full finding is in Security Hub: " + consoleLink);
    }

    /**
     * The one alert per hour that says alerts for untrusted producers are being held back: sent instead of the
     * alert of the first finding over the cap, so that a flood of forged findings pages people once, not without
     * limit, and never in silence.
     *
     * @param reason the cap's reason, as recorded on the held-back finding's ledger record
     */
    public AlertMessage untrustedCapReached(Decision decision, String reason) {
        Finding finding = decision.finding();
        String consoleLink = ConsoleLink.forFinding(finding);
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put(SEVERITY, finding.severity().name());
        attributes.put(ACCOUNT, finding.accountId());
        attributes.put(ACTION, ResponseAction.ALERT.name());
        attributes.put(OUTCOME, AlertOutcome.REFUSED.name());
        attributes.put(FINDING_TYPE, UNTRUSTED_CAP_TYPE);
        String body = "Alerts for findings of untrusted producers are held back for the rest of this hour.\n\n"
                + clean(reason) + "\n\n"
                + "Every finding held back is recorded in the ledger (state REFUSED, reason \"untrusted-producer cap"
                + " reached\"), counted in the metric UntrustedNotificationsHeldBack and logged; in Security Hub it"
                + " keeps its workflow status. The \"create ticket\" custom action still opens a ticket for one"
                + " (under the ticket cap). A flood that no producer you know explains may be forged findings:"
                + " look for BatchImportFindings calls in CloudTrail.\n\n"
                + "First finding held back: " + clean(finding.id()) + "\n"
                + "  Title: " + PrintableText.line(title(finding), FIELD_CHARS) + "\n"
                + "  Product: " + clean(product(finding)) + "\n"
                + "  Account: " + clean(finding.accountId()) + "\n"
                + "Security Hub: " + consoleLink + "\n";
        return AlertMessage.of("Untrusted-producer alert cap reached: alerts held back this hour", body, attributes,
                "The ledger holds every finding held back.");
    }

    private String body(Decision decision, List<ActionLine> lines, Optional<LedgerEntry> ticket,
                        AlertOutcome outcome, AlertContext context, String consoleLink) {
        Finding finding = decision.finding();
        StringBuilder b = new StringBuilder(4096);
        b.append(finding.severity()).append(" finding in account ").append(clean(finding.accountId()));
        if (finding.region() != null) {
            b.append(", ").append(clean(finding.region()));
        }
        b.append('\n').append(PrintableText.line(title(finding), FIELD_CHARS)).append("\n\n");
        b.append("Outcome: ").append(outcome).append('\n');

        b.append("\nWhat the responder did:\n");
        if (lines.isEmpty()) {
            b.append("  - Nothing to contain: this alert only informs.\n");
        }
        for (ActionLine line : lines) {
            b.append("  - ").append(line.text()).append('\n');
        }
        if (context.anyStageFailed()) {
            b.append("\nWARNING: an earlier response stage failed after its retries; what it should have done may"
                    + " be missing above. Check the resources by hand.\n");
            listed(b, context.failedStages(), 10, AlertComposer::clean);
        }

        b.append('\n').append(ticketLine(decision, ticket)).append('\n');
        b.append("Security Hub: ").append(consoleLink).append('\n');
        if (decision.summary() != null && !decision.summary().isBlank()) {
            b.append("Decision: ").append(clean(decision.summary())).append('\n');
        }

        b.append("\nFinding\n");
        b.append("  Severity: ").append(finding.severity());
        if (finding.normalizedScore() != null) {
            b.append(" (normalized ").append(Math.round(finding.normalizedScore())).append(')');
        }
        b.append('\n');
        field(b, "Types", String.join(", ", finding.types()));
        field(b, "Product", product(finding));
        field(b, "Account", finding.accountId());
        field(b, "Region", finding.region());
        field(b, "Workflow", finding.workflowStatus());
        field(b, "Record state", finding.recordState());
        if (!finding.resources().isEmpty()) {
            b.append("  Resources:\n");
            listed(b, finding.resources(), MAX_LISTED, AlertComposer::describe);
        }
        if (!finding.remoteAddresses().isEmpty()) {
            b.append("  Remote addresses:\n");
            listed(b, finding.remoteAddresses(), MAX_LISTED, AlertComposer::describe);
        }
        field(b, "First observed", Objects.toString(finding.firstObservedAt(), null));
        field(b, "Created", Objects.toString(finding.createdAt(), null));
        field(b, "Updated", Objects.toString(finding.updatedAt(), null));
        field(b, "Finding id", finding.id());

        String description = PrintableText.paragraphs(finding.description());
        if (!description.isEmpty()) {
            b.append("\nDescription\n").append(description).append('\n');
        }
        return b.toString();
    }

    /**
     * One line per action: every ledger record of the finding (except alerts and tickets, reported apart), then
     * decided actions and refusals the ledger has no record of. Failures first.
     */
    private List<ActionLine> actionLines(Decision decision, List<LedgerEntry> records) {
        List<ActionLine> lines = new ArrayList<>();
        for (LedgerEntry record : records) {
            ResponseAction action = record.key().action();
            if (reportsAsAction(action)) {
                lines.add(fromRecord(record));
            }
        }
        for (PlannedAction planned : decision.actions()) {
            if (reportsAsAction(planned.action()) && !recorded(records, planned.action(), planned.target())) {
                Wording w = Wording.of(planned.action(), planned.target());
                lines.add(planned.shadow()
                        ? new ActionLine(planned.action(), AlertOutcome.SHADOW,
                                "Shadow mode, nothing changed: " + w.wouldHave() + because(planned.reason()))
                        : new ActionLine(planned.action(), AlertOutcome.PENDING,
                                "Decided, no record that it started: " + w.noun() + because(planned.reason())));
            }
        }
        for (Refusal refusal : decision.refused()) {
            if (reportsAsAction(refusal.action()) && !recorded(records, refusal.action(), refusal.target())) {
                lines.add(new ActionLine(refusal.action(), AlertOutcome.REFUSED, "Refused: "
                        + Wording.of(refusal.action(), refusal.target()).noun() + because(refusal.reason())));
            }
        }
        lines.sort(Comparator.comparing(ActionLine::outcome));
        return lines;
    }

    private static ActionLine fromRecord(LedgerEntry record) {
        ResponseAction action = record.key().action();
        Wording w = Wording.of(action, record.key().target());
        String ledger = record.ledgerId() == null ? "" : " [ledger " + clean(record.ledgerId()) + "]";
        return switch (record.state()) {
            case DONE -> new ActionLine(action, action.isRelease() ? AlertOutcome.RELEASED : AlertOutcome.CONTAINED,
                    w.done() + RevocationGuidance.of(record).map(g -> because(record.reason()) + ". "
                            + clean(g)).orElse("") + ledger);
            case FAILED -> new ActionLine(action, AlertOutcome.FAILED, "FAILED: " + w.noun()
                    + because(record.reason()) + steps(record) + ledger);
            case PLANNED -> new ActionLine(action, AlertOutcome.PENDING, "Started, not finished: " + w.noun()
                    + steps(record) + ledger);
            case REFUSED -> new ActionLine(action, AlertOutcome.REFUSED, "Refused: " + w.noun()
                    + because(record.reason()) + ledger);
            case SHADOW -> new ActionLine(action, AlertOutcome.SHADOW, "Shadow mode, nothing changed: "
                    + w.wouldHave() + because(record.reason()) + ledger);
            case RELEASED -> new ActionLine(action, AlertOutcome.RELEASED, w.done() + ", since undone" + ledger);
        };
    }

    private static String ticketLine(Decision decision, Optional<LedgerEntry> ticket) {
        if (ticket.isEmpty()) {
            return decision.actionsOf(ResponseAction.TICKET).isEmpty() && decision.refusalsOf(ResponseAction.TICKET)
                    .isEmpty() ? "Ticket: none for this finding" : "Ticket: none recorded yet";
        }
        LedgerEntry record = ticket.get();
        String key = record.artifacts().get(TICKET_KEY);
        String url = record.artifacts().get(TICKET_URL);
        return switch (record.state()) {
            case DONE, RELEASED -> "Ticket: " + (key == null ? "(key not recorded)" : clean(key))
                    + (url == null ? "" : " " + clean(url));
            case FAILED -> "Ticket: NOT created" + because(record.reason());
            case REFUSED -> "Ticket: refused" + because(record.reason());
            case SHADOW -> "Ticket: shadow mode, not created";
            case PLANNED -> "Ticket: being created, not confirmed";
        };
    }

    private static boolean reportsAsAction(ResponseAction action) {
        return action.isContainment() || action.isRelease();
    }

    private static boolean recorded(List<LedgerEntry> records, ResponseAction action, String target) {
        String wanted = target == null || target.isBlank() ? ActionKey.NO_TARGET : target;
        return records.stream().anyMatch(r -> r.key().action() == action && r.key().target().equals(wanted));
    }

    private static String because(String reason) {
        return reason == null || reason.isBlank() ? "" : ": " + clean(reason);
    }

    private static String steps(LedgerEntry record) {
        return record.completedSteps().isEmpty() ? ""
                : ". Steps completed: " + clean(String.join(", ", record.completedSteps()));
    }

    private static String title(Finding finding) {
        return finding.title() == null || finding.title().isBlank() ? "(untitled finding)" : finding.title();
    }

    private String product(Finding finding) {
        return trust.describeProducer(finding);
    }

    private static String describe(Resource resource) {
        return clean((resource.type() == null ? "" : resource.type() + " ") + resource.id());
    }

    private static String describe(RemoteAddress address) {
        return clean(address.text()) + " (" + address.direction() + ")";
    }

    private static void field(StringBuilder b, String name, String value) {
        if (value != null && !value.isBlank()) {
            b.append("  ").append(name).append(": ").append(clean(value)).append('\n');
        }
    }

    private static <T> void listed(StringBuilder b, List<T> items, int max,
                                   Function<T, String> text) {
        items.stream().limit(max).forEach(item -> b.append("    - ").append(text.apply(item)).append('\n'));
        if (items.size() > max) {
            b.append("    … and ").append(items.size() - max).append(" more\n");
        }
    }

    private static String clean(String text) {
        return PrintableText.line(text, FIELD_CHARS);
    }

    private record ActionLine(ResponseAction action, AlertOutcome outcome, String text) {
    }

    /** How each action reads when done, as a noun, and in shadow mode. */
    private record Wording(String done, String noun, String wouldHave) {
        static Wording of(ResponseAction action, String rawTarget) {
            String t = clean(rawTarget == null ? "" : rawTarget);
            return switch (action) {
                case QUARANTINE_INSTANCE -> new Wording("Contained: instance " + t + " quarantined",
                        "quarantine of instance " + t, "would have quarantined instance " + t);
                case STOP_TASK -> new Wording("Stopped: ECS task " + t, "stop of ECS task " + t,
                        "would have stopped ECS task " + t);
                case BLOCK_ADDRESS -> new Wording("Blocked: " + t + " in the WAF IP sets", "block of " + t,
                        "would have blocked " + t);
                case RELEASE_INSTANCE -> new Wording("Released: instance " + t, "release of instance " + t,
                        "would have released instance " + t);
                case RELEASE_TASK -> new Wording("Restored: the service of ECS task " + t,
                        "restore of the service of ECS task " + t, "would have restored the service of ECS task " + t);
                case UNBLOCK_ADDRESS -> new Wording("Unblocked: " + t, "unblock of " + t,
                        "would have unblocked " + t);
                case REVOKE_CREDENTIALS -> new Wording("Revoked: credentials " + t, "revocation of credentials " + t,
                        "would have revoked credentials " + t);
                case RELEASE_CREDENTIALS -> new Wording("Restored: credentials " + t,
                        "restore of credentials " + t, "would have restored credentials " + t);
                case TICKET, ALERT, DIGEST_DAILY, DIGEST_WEEKLY -> new Wording(action.name(), action.name(),
                        "would have done " + action.name());
            };
        }
    }
}
