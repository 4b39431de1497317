package dev.hubresponder.ledger;

/** Where one action on one target stands. */
public enum LedgerState {
    /** Claimed by a delivery; the pre-state may be recorded, nothing changed yet or changes under way. */
    PLANNED,
    /** Done: the target is contained, blocked, ticketed or alerted. */
    DONE,
    /** A guard refused it; nothing was changed. */
    REFUSED,
    /** Shadow mode: recorded what would have been done; nothing was changed. */
    SHADOW,
    /** Failed permanently; the record says which steps completed. */
    FAILED,
    /** A containment undone by release or unblock. */
    RELEASED
}
