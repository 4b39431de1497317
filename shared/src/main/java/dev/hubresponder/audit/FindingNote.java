package dev.hubresponder.audit;

import dev.hubresponder.action.UntrustedProducerCap;
import dev.hubresponder.finding.Finding;
import dev.hubresponder.ledger.ActionKey;
import dev.hubresponder.ledger.LedgerEntry;
import dev.hubresponder.ledger.LedgerState;
import dev.hubresponder.ticket.UntrustedText;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the responder writes back on one finding, where analysts look: a terse note, the workflow status and
 * {@code hub-responder.*} user-defined fields (ASFF only; OCSF findings have none).
 *
 * @param finding  the finding
 * @param text     one line of at most {@value #MAX_TEXT} characters: line breaks and controls become spaces, invisible
 *                 characters are removed ({@link UntrustedText}), longer text is cut, ending with "…"
 * @param workflow what to do to the workflow status
 * @param fields   user-defined fields, every key starting with {@code hub-responder.}
 */
public record FindingNote(Finding finding, String text, WorkflowMark workflow, Map<String, String> fields) {
    /** Security Hub's limit for {@code Note.Text} and the V2 {@code Comment}. */
    public static final int MAX_TEXT = 512;

    public FindingNote {
        Objects.requireNonNull(finding, "finding");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(workflow, "workflow");
        text = UntrustedText.oneLine(text);
        text = text.length() <= MAX_TEXT ? text : UntrustedText.truncate(text, MAX_TEXT);
        for (String key : fields.keySet()) {
            if (!key.startsWith(Finding.OWN_FIELD_PREFIX)) {
                throw new IllegalArgumentException("user-defined field '" + key + "' must start with "
                        + Finding.OWN_FIELD_PREFIX);
            }
        }
        fields = Map.copyOf(fields);
    }

    /**
     * The note for one ledger record: what was done to what, the ledger id and the ticket key when known, e.g.
     * {@code "hub-responder DONE QUARANTINE_INSTANCE i-0abc: quarantined i-0abc [ledger hr-3f9a2b7c01de, ticket
     * SEC-12]"}. The reason is cut, never the ids, to stay within {@value #MAX_TEXT} characters.
     *
     * @param ticketKey the ticket's key when one was opened, else null
     */
    public static FindingNote of(Finding finding, LedgerEntry entry, String ticketKey) {
        ActionKey key = entry.key();
        String ids = " [ledger " + entry.ledgerId() + (ticketKey != null ? ", ticket " + ticketKey : "") + "]";
        String head = "hub-responder " + entry.state() + " " + key.action()
                + (ActionKey.NO_TARGET.equals(key.target()) ? "" : " " + key.target()) + ": ";
        String reason = entry.reason() == null ? "" : entry.reason();
        int room = MAX_TEXT - head.length() - ids.length();
        if (reason.length() > room) {
            reason = reason.substring(0, Math.max(0, room - 1)) + "…";
        }
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("hub-responder.ledgerId", entry.ledgerId());
        fields.put("hub-responder.action", key.action().name());
        fields.put("hub-responder.state", entry.state().name());
        if (ticketKey != null) {
            fields.put("hub-responder.ticket", ticketKey);
        }
        return new FindingNote(finding, head + reason + ids, markFor(finding, entry), fields);
    }

    /**
     * NOTIFIED once the responder acted or told someone; a ticket or alert held back (refused) told no one, so the
     * finding keeps its workflow status (NEW) and still reads as unhandled in Security Hub.
     */
    private static WorkflowMark markFor(Finding finding, LedgerEntry entry) {
        LedgerState state = entry.state();
        String current = finding.workflowStatus();
        boolean toldNoOne = state == LedgerState.REFUSED && UntrustedProducerCap.counts(entry.key().action());
        if ("RESOLVED".equals(current) || "SUPPRESSED".equals(current) || toldNoOne) {
            return WorkflowMark.UNCHANGED;
        }
        return state == LedgerState.RELEASED ? WorkflowMark.RESOLVED : WorkflowMark.NOTIFIED;
    }
}
