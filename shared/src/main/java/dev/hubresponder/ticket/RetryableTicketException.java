package dev.hubresponder.ticket;

/**
 * Opening a ticket cannot be finished now but may succeed later: the provider answered 429 or 5xx, timed out or
 * could not be reached, or another delivery of the same finding is opening its ticket right now. The function lets
 * it reach Lambda, which retries; the ledger and the provider-side label make the retry safe.
 */
public class RetryableTicketException extends RuntimeException {
    public RetryableTicketException(String message) {
        super(message);
    }

    public RetryableTicketException(String message, Throwable cause) {
        super(message, cause);
    }
}
