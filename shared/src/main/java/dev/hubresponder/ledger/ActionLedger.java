package dev.hubresponder.ledger;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The record of every action the responder decided on: the port the DynamoDB ledger implements.
 * Records are never deleted by the product.
 */
public interface ActionLedger {

    /**
     * Creates the record if none exists for its key (a conditional write). Exactly one of any number of concurrent
     * callers with the same key gets {@link Claim#won()} true, with the record as stored (version 1); the others get
     * the existing record.
     */
    Claim claim(LedgerEntry proposed);

    /** The record for a key, if any. */
    Optional<LedgerEntry> find(ActionKey key);

    /**
     * Replaces a record if it still has the version the caller read, and returns it with the next version.
     *
     * @throws ConcurrentLedgerUpdateException when someone else changed it first
     */
    LedgerEntry update(LedgerEntry changed);

    /** Every record for a target (instance id, task ARN, host address), newest first: release and unblock use it. */
    List<LedgerEntry> findByTarget(String target);

    /** Every record for a finding: alerts and tickets say what was done from it. */
    List<LedgerEntry> findByFinding(String findingId);

    /**
     * How many containment actions were started in an account since a time: caps use it. A containment counts from
     * the moment it is claimed to run (so concurrent deliveries see each other's), whether it then completes, fails
     * or is later released; refused and shadow records do not count.
     */
    int countContainments(String accountId, Instant since);

    /**
     * Records that the containment cap was reached in an account during the hour starting at {@code hourStart}.
     * A conditional write: true for exactly one caller per account and hour, so that exactly one alert is sent.
     */
    boolean markCapReached(String accountId, Instant hourStart);

    /**
     * Takes one of {@code limit} places in a counted window (a conditional increment, exact under any number of
     * concurrent callers); when the window is full, counts one more held back in it instead. Caps on notifications
     * use it: the window is named by the caller, e.g. {@code untrusted|ALERT|2026-12-03T15Z}.
     *
     * @throws RuntimeException when the count cannot be read or written: the caller must then send nothing
     */
    WindowPlace takeWindowPlace(String window, int limit);

    /**
     * The outcome of {@link #takeWindowPlace}.
     *
     * @param taken    true when a place was taken
     * @param heldBack when not taken: how many were held back in the window, this one included (1 for the first)
     */
    record WindowPlace(boolean taken, int heldBack) {
    }

    /** The outcome of {@link #claim}: whether this caller created the record, and the record as it now is. */
    record Claim(boolean won, LedgerEntry entry) {
    }
}
