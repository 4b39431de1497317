package dev.hubresponder.action;

import dev.hubresponder.ledger.ActionLedger;
import dev.hubresponder.ledger.ConcurrentLedgerUpdateException;
import dev.hubresponder.ledger.LedgerEntry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The ledger record of an action while its work runs. Every change is written to the ledger at once (and renews the
 * lease), so that a delivery that crashes leaves behind exactly what it had done, and the next one resumes there.
 */
public final class ActionProgress {
    private final ActionLedger ledger;
    private final Duration lease;
    private final Clock clock;
    private LedgerEntry entry;

    ActionProgress(ActionLedger ledger, LedgerEntry entry, Duration lease, Clock clock) {
        this.ledger = ledger;
        this.entry = entry;
        this.lease = lease;
        this.clock = clock;
    }

    /** The record as last written. */
    public LedgerEntry entry() {
        return entry;
    }

    /** True when a previous delivery (or this one) already completed this step. */
    public boolean isCompleted(String step) {
        return entry.hasCompleted(step);
    }

    /** The pre-state a previous delivery recorded, if any: a resumed action must undo to that, not to now. */
    public Optional<String> preState() {
        return Optional.ofNullable(entry.preState());
    }

    /**
     * Records the target's state before any change. Only the first recording counts: after a crash the target may
     * already be half changed, and the record must keep what it was before.
     */
    public void recordPreState(String json) {
        if (entry.preState() == null) {
            write(entry.withPreState(json, now()));
        }
    }

    /** Records that a step is done, so that a retry skips it. */
    public void completeStep(String step) {
        if (!entry.hasCompleted(step)) {
            write(entry.withCompletedStep(step, now()));
        }
    }

    /** Runs a step unless it was completed before, then records it. */
    public void step(String step, Runnable change) {
        if (!entry.hasCompleted(step)) {
            change.run();
            completeStep(step);
        }
    }

    /** Records something the action created (a snapshot id, a ticket key and URL). */
    public void addArtifact(String name, String value) {
        write(entry.withArtifact(name, value, now()));
    }

    /** Records several artifacts in one write (those already recorded with the same value are not written again). */
    public void addArtifacts(Map<String, String> artifacts) {
        LedgerEntry changed = entry;
        Instant now = now();
        for (Map.Entry<String, String> artifact : new TreeMap<>(artifacts).entrySet()) {
            if (!artifact.getValue().equals(changed.artifacts().get(artifact.getKey()))) {
                changed = changed.withArtifact(artifact.getKey(), artifact.getValue(), now);
            }
        }
        if (changed != entry) {
            write(changed);
        }
    }

    void replace(LedgerEntry written) {
        entry = written;
    }

    private void write(LedgerEntry changed) {
        Instant now = now();
        try {
            entry = ledger.update(changed.withLease(now.plus(lease), now));
        } catch (ConcurrentLedgerUpdateException e) {
            throw new ActionInProgressException(entry.key().asString() + " was taken over by another delivery"
                    + " while this one worked on it (its lease of " + lease + " ran out): " + e.getMessage());
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
