package dev.hubresponder.ledger;

import dev.hubresponder.testing.WindowCounts;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An {@link ActionLedger} in memory with the DynamoDB ledger's rules (one winner per key, a ledger id from the key
 * when none is given, optimistic versions, newest first by target and finding, containments counted from their
 * claim unless refused or shadow, one cap mark per account and hour), for unit tests that are not about DynamoDB;
 * integration tests use the DynamoDB ledger on moto.
 */
public final class InMemoryActionLedger implements ActionLedger {
    private final WindowCounts windows = new WindowCounts();
    private final Map<ActionKey, LedgerEntry> records = new LinkedHashMap<>();
    private final Set<String> capMarks = new HashSet<>();

    @Override
    public synchronized Claim claim(LedgerEntry proposed) {
        LedgerEntry existing = records.get(proposed.key());
        if (existing != null) {
            return new Claim(false, existing);
        }
        LedgerEntry first = withVersion(proposed, 1);
        records.put(first.key(), first);
        return new Claim(true, first);
    }

    @Override
    public synchronized Optional<LedgerEntry> find(ActionKey key) {
        return Optional.ofNullable(records.get(key));
    }

    @Override
    public synchronized LedgerEntry update(LedgerEntry changed) {
        LedgerEntry current = records.get(changed.key());
        if (current == null || current.version() != changed.version()) {
            throw new ConcurrentLedgerUpdateException("ledger record " + changed.key().asString()
                    + " is not at version " + changed.version());
        }
        LedgerEntry next = withVersion(changed, changed.version() + 1);
        records.put(next.key(), next);
        return next;
    }

    @Override
    public synchronized List<LedgerEntry> findByTarget(String target) {
        return records.values().stream().filter(e -> e.key().target().equals(target)).sorted(newestFirst()).toList();
    }

    @Override
    public synchronized List<LedgerEntry> findByFinding(String findingId) {
        return records.values().stream().filter(e -> e.key().findingId().equals(findingId)).sorted(newestFirst())
                .toList();
    }

    @Override
    public synchronized int countContainments(String accountId, Instant since) {
        return (int) records.values().stream()
                .filter(e -> e.key().action().isContainment() && accountId.equals(e.accountId()))
                .filter(e -> e.state() != LedgerState.REFUSED && e.state() != LedgerState.SHADOW)
                .filter(e -> !e.createdAt().isBefore(since))
                .count();
    }

    @Override
    public synchronized boolean markCapReached(String accountId, Instant hourStart) {
        return capMarks.add(accountId + "|" + hourStart);
    }

    @Override
    public synchronized ActionLedger.WindowPlace takeWindowPlace(String window, int limit) {
        return windows.take(window, limit);
    }

    /** Every record, in the order first claimed. */
    public synchronized List<LedgerEntry> all() {
        return List.copyOf(records.values());
    }

    /** Puts a record as it is: as another stage would have left it, or history (an old lease, an old expiry). */
    public synchronized LedgerEntry put(LedgerEntry entry) {
        records.put(entry.key(), entry);
        return entry;
    }

    private static Comparator<LedgerEntry> newestFirst() {
        return Comparator.comparing(LedgerEntry::createdAt, Comparator.nullsLast(Comparator.naturalOrder())).reversed();
    }

    private static LedgerEntry withVersion(LedgerEntry e, long version) {
        return new LedgerEntry(e.key(), e.ledgerId() != null ? e.ledgerId() : e.key().ledgerId(), e.state(),
                e.reason(), e.productArn(), e.accountId(), e.severity(), e.preState(), e.completedSteps(),
                e.artifacts(), e.createdAt(), e.updatedAt(), e.expiresAt(), version, e.leaseUntil());
    }
}
