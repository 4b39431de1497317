package dev.hubresponder.block;

/** Why an IP set could not be written, and whether trying again later can help. */
public enum WriteFailure {
    /** Other writers kept changing the set through every re-read and retry. */
    CONFLICT(true),
    /** WAF throttled the calls (about one write per second per account and Region). */
    THROTTLED(true),
    /** WAF had an internal error or the set was briefly unavailable, or WAF could not be reached. */
    UNAVAILABLE(true),
    /** WAF refused the write because a limit would be exceeded (10,000 addresses per set). */
    LIMIT_EXCEEDED(false),
    /** The configured set does not exist. */
    SET_MISSING(false),
    /** WAF rejected the request: a bad address, missing permission or a wrong set reference. */
    REJECTED(false);

    private final boolean retryable;

    WriteFailure(boolean retryable) {
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
