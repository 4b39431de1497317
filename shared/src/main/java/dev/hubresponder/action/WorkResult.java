package dev.hubresponder.action;

import java.util.Objects;

/**
 * How a piece of {@link ActionWork} ended, when it ended without a retryable failure.
 *
 * @param kind   done, refused by a guard that only the work could check (a tag read live), or failed for good
 * @param reason what happened to what, for the ledger, the note and the alert
 */
public record WorkResult(Kind kind, String reason) {
    public enum Kind { DONE, REFUSED, FAILED }

    public WorkResult {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
    }

    public static WorkResult done(String reason) {
        return new WorkResult(Kind.DONE, reason);
    }

    public static WorkResult refused(String reason) {
        return new WorkResult(Kind.REFUSED, reason);
    }

    public static WorkResult failed(String reason) {
        return new WorkResult(Kind.FAILED, reason);
    }
}
