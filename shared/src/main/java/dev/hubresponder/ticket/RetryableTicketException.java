package dev.hubresponder.ticket;

import dev.hubresponder.action.RetryableActionException;

/**
 * Opening a ticket cannot be finished now but may succeed later: the provider answered 429 or 5xx, timed out or
 * could not be reached. A {@link RetryableActionException}: the action runner releases the ticket's ledger claim and
 * lets it reach Lambda, which retries; the ledger and the provider-side label make the retry safe.
 */
public class RetryableTicketException extends RetryableActionException {
    public RetryableTicketException(String message) {
        super(message);
    }

    public RetryableTicketException(String message, Throwable cause) {
        super(message, cause);
    }
}
