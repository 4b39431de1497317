package dev.hubresponder.ticket;

import dev.hubresponder.finding.Finding;

/**
 * Writes a finding's ticket back onto the finding, so that an analyst in the Security Hub console sees it: the
 * note, and {@code UserDefinedFields} {@code hub-responder.ticketKey} / {@code hub-responder.ticketUrl}.
 *
 * <p>A narrow port for the ticket stage; a general "finding notes" port that every stage writes through would
 * replace it.
 */
public interface TicketBacklink {

    /**
     * @throws RetryableTicketException when Security Hub throttles, fails or cannot be reached
     */
    Result link(Finding finding, TicketReference ticket);

    /** Whether the finding now carries the ticket. */
    sealed interface Result {
        record Linked() implements Result {
        }

        /** Security Hub refused for good (finding not found, invalid input, access denied). */
        record NotLinked(String reason) implements Result {
        }
    }
}
