package dev.hubresponder.alert;

/**
 * What happened to one finding's alert.
 *
 * @param findingId the finding
 * @param status    sent, suppressed as a duplicate, rejected by the channel, or composed in shadow mode
 * @param outcome   the alert's {@code outcome} attribute, when one was composed
 * @param detail    the ledger record's reason (the subject sent, or why nothing was sent) and its ledger id
 */
public record AlertResult(String findingId, Status status, String outcome, String detail) {

    public enum Status {
        /** Published to the channel. */
        SENT,
        /** Already sent (or failed for good) for this hand-over: nothing published. */
        DUPLICATE,
        /** Held back by the untrusted-producer cap; recorded REFUSED with the cap's reason. */
        HELD_BACK,
        /** The channel refused it for good; recorded FAILED. */
        REJECTED,
        /** Shadow mode for alerts: composed and recorded, not published. */
        SHADOW
    }
}
