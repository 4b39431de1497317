package dev.hubresponder.alert;

/**
 * The one word an alert's {@code outcome} attribute carries, so that subscribers can filter on it
 * ({@code {"severity":["CRITICAL"],"outcome":["FAILED"]}} pages only on critical failures). When several apply,
 * the first in this order wins.
 */
public enum AlertOutcome {
    /** An action failed, or an earlier response stage failed after its retries. */
    FAILED,
    /** At least one containment (quarantine, stop, block) is done. */
    CONTAINED,
    /** At least one containment was undone (release, restore, unblock). */
    RELEASED,
    /** Actions were decided but are not recorded as done yet. */
    PENDING,
    /** A guard refused an action; nothing was changed by it. */
    REFUSED,
    /** Shadow mode: recorded what would have been done; nothing was changed. */
    SHADOW,
    /** No containment was decided: the alert only informs. */
    NOTIFIED
}
