package dev.hubresponder.ledger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One ledger record: what was decided and done for one action on one target, with what is needed to undo it.
 *
 * @param key            which finding, action and target
 * @param ledgerId       a short stable id for people and notes (derived from the key)
 * @param state          where it stands
 * @param reason         why (the policy's reason, a guard's refusal, a failure)
 * @param productArn     the finding's product ARN (needed to write back to it)
 * @param accountId      the account acted in (caps count per account)
 * @param severity       the finding's severity label
 * @param preState       the target's state before any change, as JSON, recorded before the first change; null
 *                       for actions that change no resource
 * @param completedSteps steps done so far, in order, so that a retry resumes after the last one
 * @param artifacts      what the action created: snapshot ids, ticket key and URL, alert message id …
 * @param createdAt      when the record was claimed to run (again, for a refusal or shadow record decided anew: the
 *                       containment cap counts from this time)
 * @param updatedAt      when it last changed
 * @param expiresAt      when the action should be undone automatically (WAF blocks), else null
 * @param version        optimistic lock: each update must name the version it read
 * @param leaseUntil     while {@link LedgerState#PLANNED}: until when the delivery that holds it may keep working
 *                       on it; another delivery waits (in progress) before then and takes over after. Null when no
 *                       delivery holds it (released after a retryable failure, or the record is final)
 */
public record LedgerEntry(ActionKey key, String ledgerId, LedgerState state, String reason, String productArn,
                          String accountId, String severity, String preState, List<String> completedSteps,
                          Map<String, String> artifacts, Instant createdAt, Instant updatedAt, Instant expiresAt,
                          long version, Instant leaseUntil) {
    public LedgerEntry {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(state, "state");
        completedSteps = List.copyOf(completedSteps);
        artifacts = Map.copyOf(artifacts);
    }

    /** A record that no delivery holds a lease on. */
    public LedgerEntry(ActionKey key, String ledgerId, LedgerState state, String reason, String productArn,
                       String accountId, String severity, String preState, List<String> completedSteps,
                       Map<String, String> artifacts, Instant createdAt, Instant updatedAt, Instant expiresAt,
                       long version) {
        this(key, ledgerId, state, reason, productArn, accountId, severity, preState, completedSteps, artifacts,
                createdAt, updatedAt, expiresAt, version, null);
    }

    public boolean hasCompleted(String step) {
        return completedSteps.contains(step);
    }

    /** True once nothing more will be done for this record (everything but {@link LedgerState#PLANNED}). */
    public boolean isFinal() {
        return state != LedgerState.PLANNED;
    }

    /** True while a delivery holds this record and may still be working on it. */
    public boolean isLeasedAt(Instant now) {
        return state == LedgerState.PLANNED && leaseUntil != null && leaseUntil.isAfter(now);
    }

    public LedgerEntry withState(LedgerState newState, String newReason, Instant at) {
        return new LedgerEntry(key, ledgerId, newState, newReason, productArn, accountId, severity, preState,
                completedSteps, artifacts, createdAt, at, expiresAt, version, newState == LedgerState.PLANNED
                ? leaseUntil : null);
    }

    /**
     * A refused or shadow record taken up again to run now (PLANNED): it counts as claimed now, so that the hourly
     * containment cap counts it in the hour it runs, not in the hour it was first refused.
     */
    public LedgerEntry reclaimed(String newReason, Instant at) {
        return new LedgerEntry(key, ledgerId, LedgerState.PLANNED, newReason, productArn, accountId, severity,
                preState, completedSteps, artifacts, at, at, expiresAt, version, leaseUntil);
    }

    public LedgerEntry withLease(Instant until, Instant at) {
        return new LedgerEntry(key, ledgerId, state, reason, productArn, accountId, severity, preState,
                completedSteps, artifacts, createdAt, at, expiresAt, version, until);
    }

    public LedgerEntry withPreState(String json, Instant at) {
        return new LedgerEntry(key, ledgerId, state, reason, productArn, accountId, severity, json, completedSteps,
                artifacts, createdAt, at, expiresAt, version, leaseUntil);
    }

    public LedgerEntry withCompletedStep(String step, Instant at) {
        List<String> steps = new ArrayList<>(completedSteps);
        steps.add(step);
        return new LedgerEntry(key, ledgerId, state, reason, productArn, accountId, severity, preState, steps,
                artifacts, createdAt, at, expiresAt, version, leaseUntil);
    }

    public LedgerEntry withArtifact(String name, String value, Instant at) {
        Map<String, String> all = new HashMap<>(artifacts);
        all.put(name, value);
        return new LedgerEntry(key, ledgerId, state, reason, productArn, accountId, severity, preState,
                completedSteps, all, createdAt, at, expiresAt, version, leaseUntil);
    }

    public LedgerEntry withExpiresAt(Instant undoAt, Instant at) {
        return new LedgerEntry(key, ledgerId, state, reason, productArn, accountId, severity, preState,
                completedSteps, artifacts, createdAt, at, undoAt, version, leaseUntil);
    }
}
