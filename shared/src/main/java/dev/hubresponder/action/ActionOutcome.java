package dev.hubresponder.action;

import dev.hubresponder.ledger.LedgerEntry;
import java.util.Objects;

/**
 * What {@link ActionRunner#run} did with one action.
 *
 * @param kind          how it ended for this delivery
 * @param entry         the ledger record as it now is (for {@link Kind#ALREADY_DONE}: as an earlier delivery left it)
 * @param capReachedNow true for exactly one refusal per cap and hour (containment: per account; untrusted-producer
 *                      tickets and alerts: per action): the one that should send the
 *                      "cap reached" alert
 */
public record ActionOutcome(Kind kind, LedgerEntry entry, boolean capReachedNow) {
    public enum Kind {
        /** This delivery did it. */
        DONE,
        /** An earlier delivery ended it (done, refused, shadow, failed or released); nothing was done now. */
        ALREADY_DONE,
        /** A guard refused it (kill switch, cap, or one the work checked); nothing was changed. */
        REFUSED,
        /** Shadow mode: recorded what would have been done; nothing was changed. */
        SHADOW,
        /** Failed for good; the record says which steps completed. Not retried. */
        FAILED
    }

    public ActionOutcome {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(entry, "entry");
    }

    /** The record's reason: what was done to what, or why not. */
    public String reason() {
        return entry.reason();
    }

    /** True when this delivery settled the action, so it is the one that reports it (note, alert, metrics). */
    public boolean isNew() {
        return kind != Kind.ALREADY_DONE;
    }
}
