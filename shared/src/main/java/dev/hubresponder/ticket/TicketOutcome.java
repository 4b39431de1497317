package dev.hubresponder.ticket;

import dev.hubresponder.action.ActionOutcome;
import java.util.Objects;

/**
 * What the ticket stage did for one finding.
 *
 * @param findingId the finding
 * @param status    what happened
 * @param ticket    the finding's ticket, when it has one
 * @param detail    one line for logs, the stage report and the alert
 * @param action    the ledger outcome of the TICKET action, for the audit trail; null when no ticket is configured
 */
public record TicketOutcome(String findingId, Status status, TicketReference ticket, String detail,
                            ActionOutcome action) {

    public TicketOutcome {
        Objects.requireNonNull(findingId, "findingId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
    }

    public enum Status {
        /** A new ticket was opened. */
        CREATED,
        /** A ticket opened by an interrupted delivery was found at the provider by its label and recorded. */
        RECOVERED,
        /** The ledger already had the finding's ticket; nothing was opened. */
        ALREADY_OPEN,
        /** Shadow mode: recorded that a ticket would have been opened. */
        SHADOW,
        /**
         * Held back by the untrusted-producer cap (the finding's producer is not trusted and the hour's tickets for
         * such findings are used up); recorded REFUSED with the reason, opened when the ticket is asked for again
         * under the cap.
         */
        HELD_BACK,
        /** The provider refused for good (a 4xx other than 429); recorded as FAILED in the ledger. */
        FAILED,
        /** The provider is {@code none}. */
        NOT_CONFIGURED
    }

    /** {@code "ticket SEC-42 created"}, {@code "ticket failed: Jira answered 400: …"}. */
    public String summary() {
        String key = ticket == null ? "" : " " + ticket.key();
        String suffix = detail.isEmpty() ? "" : " (" + detail + ")";
        return switch (status) {
            case CREATED -> "ticket" + key + " created" + suffix;
            case RECOVERED -> "ticket" + key + " found at the provider and recorded" + suffix;
            case ALREADY_OPEN -> "ticket" + key + " already open" + suffix;
            case SHADOW -> "shadow mode: a ticket would have been opened";
            case HELD_BACK -> "ticket held back: " + detail;
            case FAILED -> "ticket failed: " + detail;
            case NOT_CONFIGURED -> "no ticket: provider none";
        };
    }
}
