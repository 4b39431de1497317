package dev.hubresponder.digest;

/**
 * What one digest run did.
 *
 * @param tier     which digest
 * @param status   what happened to the message
 * @param included findings in the digest
 * @param dropped  findings Security Hub returned that did not match the filter
 * @param scan     what was read, or null when nothing was read
 * @param detail   the subject sent, or why nothing was sent
 */
public record DigestResult(DigestTier tier, Status status, int included, int dropped, FindingSource.Scan scan,
                           String detail) {

    public enum Status {
        /** Published. */
        SENT,
        /** The channel refused it for good. */
        REJECTED,
        /** The tier covers no severity: nothing read, nothing sent. */
        NOT_CONFIGURED
    }
}
