package dev.hubresponder.containment.ecs;

import dev.hubresponder.finding.Finding;
import dev.hubresponder.ledger.ActionKey;
import dev.hubresponder.ledger.ActionLedger;
import dev.hubresponder.ledger.ConcurrentLedgerUpdateException;
import dev.hubresponder.ledger.LedgerEntry;
import dev.hubresponder.ledger.LedgerState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Holds one ledger record through the steps of one action, so that of several deliveries of the same finding
 * exactly one acts, and a delivery retried after a failure resumes after the last completed step.
 *
 * <p>A claimed record carries a lease (the function's timeout): while it runs, other deliveries leave the record
 * alone; after it expires (the holder crashed), the next delivery takes over. A retryable failure gives the lease
 * back at once so that Lambda's retry can resume.
 */
final class LedgerProgress {
    private final ActionLedger ledger;
    private final Clock clock;
    private final Duration lease;

    LedgerProgress(ActionLedger ledger, Clock clock, Duration lease) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.lease = Objects.requireNonNull(lease, "lease");
    }

    /** How a delivery stands towards a record after claiming it. */
    enum Standing {
        /** This delivery created the record and acts. */
        NEW,
        /** The record was left unfinished by an earlier delivery; this one resumes after its completed steps. */
        RESUMED,
        /** Another delivery holds the record and is working on it: leave it alone. */
        IN_PROGRESS,
        /** The record is final: nothing more to do, report what it says. */
        FINAL
    }

    record Claimed(Standing standing, LedgerEntry entry) {
        boolean mayAct() {
            return standing == Standing.NEW || standing == Standing.RESUMED;
        }
    }

    /** Claims the record of an action about to run, with the policy's reason. */
    Claimed claim(Finding finding, ActionKey key, String reason) {
        Instant now = clock.instant();
        LedgerEntry proposed = new LedgerEntry(key, key.ledgerId(), LedgerState.PLANNED, reason, finding.productArn(),
                finding.accountId(), finding.severity().name(), null, List.of(), Map.of(), now, now, null, 0,
                now.plus(lease));
        ActionLedger.Claim claim = ledger.claim(proposed);
        if (claim.won()) {
            return new Claimed(Standing.NEW, claim.entry());
        }
        LedgerEntry existing = claim.entry();
        if (existing.isFinal()) {
            return new Claimed(Standing.FINAL, existing);
        }
        if (existing.isLeasedAt(now)) {
            return new Claimed(Standing.IN_PROGRESS, existing);
        }
        try {
            return new Claimed(Standing.RESUMED, ledger.update(existing.withLease(now.plus(lease), now)));
        } catch (ConcurrentLedgerUpdateException e) {
            return new Claimed(Standing.IN_PROGRESS, existing);
        }
    }

    /**
     * Records a final state without running anything (a refusal by the policy). When a record exists already, it is
     * returned as it is.
     */
    Claimed recordFinal(Finding finding, ActionKey key, LedgerState state, String reason) {
        Instant now = clock.instant();
        LedgerEntry proposed = new LedgerEntry(key, key.ledgerId(), state, reason, finding.productArn(),
                finding.accountId(), finding.severity().name(), null, List.of(), Map.of(), now, now, null, 0, null);
        ActionLedger.Claim claim = ledger.claim(proposed);
        return new Claimed(claim.won() ? Standing.NEW : Standing.FINAL, claim.entry());
    }

    LedgerEntry recordPreState(LedgerEntry entry, String json, String step, Map<String, String> artifacts) {
        Instant now = clock.instant();
        LedgerEntry changed = entry.withPreState(json, now);
        for (Map.Entry<String, String> artifact : artifacts.entrySet()) {
            if (artifact.getValue() != null) {
                changed = changed.withArtifact(artifact.getKey(), artifact.getValue(), now);
            }
        }
        return ledger.update(changed.withCompletedStep(step, now));
    }

    LedgerEntry completeStep(LedgerEntry entry, String step) {
        return ledger.update(entry.withCompletedStep(step, clock.instant()));
    }

    LedgerEntry completeStep(LedgerEntry entry, String step, String artifact, String value) {
        Instant now = clock.instant();
        return ledger.update(entry.withArtifact(artifact, value, now).withCompletedStep(step, now));
    }

    LedgerEntry addArtifact(LedgerEntry entry, String artifact, String value) {
        return ledger.update(entry.withArtifact(artifact, value, clock.instant()));
    }

    LedgerEntry finish(LedgerEntry entry, LedgerState state, String reason) {
        return ledger.update(entry.withState(state, reason, clock.instant()));
    }

    /**
     * Gives the lease back after a failure worth retrying, so that the retry does not wait for it to expire.
     *
     * @throws ConcurrentLedgerUpdateException when another delivery changed the record meanwhile (it holds it now)
     */
    void giveBack(LedgerEntry entry) {
        ledger.update(entry.withLease(null, clock.instant()));
    }

    /**
     * Moves another record (the containment a release undoes) to a final state, appending to its reason; a record
     * already in that state is left as it is.
     */
    LedgerEntry finishOther(ActionKey key, LedgerState state, String reasonSuffix) {
        LedgerEntry current = ledger.find(key).orElseThrow(() -> new IllegalStateException(
                "ledger record " + key.asString() + " disappeared"));
        if (current.state() == state) {
            return current;
        }
        return ledger.update(current.withState(state, current.reason() + reasonSuffix, clock.instant()));
    }

    List<LedgerEntry> recordsOf(String target) {
        return ledger.findByTarget(target);
    }
}
