package dev.hubresponder.ledger;

import dev.hubresponder.testing.WindowCounts;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * An {@link ActionLedger} in memory with the port's semantics (one winner per key, optimistic versions, one cap mark
 * per account and hour), for unit tests that are not about DynamoDB; integration tests use the DynamoDB ledger on
 * moto.
 */
public final class InMemoryActionLedger implements ActionLedger {
    private final WindowCounts windows = new WindowCounts();
    private final ConcurrentMap<String, LedgerEntry> records = new ConcurrentHashMap<>();
    private final Set<String> capMarks = ConcurrentHashMap.newKeySet();

    @Override
    public Claim claim(LedgerEntry proposed) {
        LedgerEntry fresh = withVersion(proposed, 1);
        LedgerEntry existing = records.putIfAbsent(proposed.key().asString(), fresh);
        return existing == null ? new Claim(true, fresh) : new Claim(false, existing);
    }

    @Override
    public Optional<LedgerEntry> find(ActionKey key) {
        return Optional.ofNullable(records.get(key.asString()));
    }

    @Override
    public LedgerEntry update(LedgerEntry changed) {
        LedgerEntry next = withVersion(changed, changed.version() + 1);
        LedgerEntry result = records.computeIfPresent(changed.key().asString(),
                (k, current) -> current.version() == changed.version() ? next : current);
        if (result != next) {
            throw new ConcurrentLedgerUpdateException("ledger record " + changed.key().asString()
                    + " is not at version " + changed.version());
        }
        return next;
    }

    @Override
    public List<LedgerEntry> findByTarget(String target) {
        return records.values().stream().filter(e -> e.key().target().equals(target)).sorted(newestFirst()).toList();
    }

    @Override
    public List<LedgerEntry> findByFinding(String findingId) {
        return records.values().stream().filter(e -> e.key().findingId().equals(findingId)).sorted(newestFirst())
                .toList();
    }

    @Override
    public int countContainments(String accountId, Instant since) {
        return (int) records.values().stream()
                .filter(e -> e.key().action().isContainment() && e.state() == LedgerState.DONE)
                .filter(e -> accountId.equals(e.accountId()) && !e.createdAt().isBefore(since))
                .count();
    }

    @Override
    public boolean markCapReached(String accountId, Instant hourStart) {
        return capMarks.add(accountId + "|" + hourStart);
    }

    @Override
    public ActionLedger.WindowPlace takeWindowPlace(String window, int limit) {
        return windows.take(window, limit);
    }

    /** Puts a record as another stage would have left it. */
    public LedgerEntry put(LedgerEntry entry) {
        records.put(entry.key().asString(), entry);
        return entry;
    }

    private static Comparator<LedgerEntry> newestFirst() {
        return Comparator.comparing(LedgerEntry::createdAt, Comparator.nullsLast(Comparator.naturalOrder())).reversed();
    }

    private static LedgerEntry withVersion(LedgerEntry e, long version) {
        return new LedgerEntry(e.key(), e.ledgerId(), e.state(), e.reason(), e.productArn(), e.accountId(),
                e.severity(), e.preState(), e.completedSteps(), e.artifacts(), e.createdAt(), e.updatedAt(),
                e.expiresAt(), version, e.leaseUntil());
    }
}
