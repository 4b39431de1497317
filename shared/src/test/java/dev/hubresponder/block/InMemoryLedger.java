package dev.hubresponder.block;

import dev.hubresponder.ledger.ActionKey;
import dev.hubresponder.ledger.ActionLedger;
import dev.hubresponder.ledger.ConcurrentLedgerUpdateException;
import dev.hubresponder.ledger.LedgerEntry;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The ledger port in a map, with the DynamoDB ledger's claim and version semantics. Unit tests only. */
final class InMemoryLedger implements ActionLedger {
    private final Map<ActionKey, LedgerEntry> records = new ConcurrentHashMap<>();

    @Override
    public synchronized Claim claim(LedgerEntry proposed) {
        LedgerEntry existing = records.get(proposed.key());
        if (existing != null) {
            return new Claim(false, existing);
        }
        LedgerEntry first = versioned(proposed, 1);
        records.put(proposed.key(), first);
        return new Claim(true, first);
    }

    @Override
    public Optional<LedgerEntry> find(ActionKey key) {
        return Optional.ofNullable(records.get(key));
    }

    @Override
    public synchronized LedgerEntry update(LedgerEntry changed) {
        LedgerEntry current = records.get(changed.key());
        if (current == null || current.version() != changed.version()) {
            throw new ConcurrentLedgerUpdateException("changed: " + changed.key().asString());
        }
        LedgerEntry next = versioned(changed, changed.version() + 1);
        records.put(changed.key(), next);
        return next;
    }

    @Override
    public List<LedgerEntry> findByTarget(String target) {
        return records.values().stream().filter(e -> e.key().target().equals(target))
                .sorted(Comparator.comparing(LedgerEntry::createdAt).reversed()).toList();
    }

    @Override
    public List<LedgerEntry> findByFinding(String findingId) {
        return records.values().stream().filter(e -> e.key().findingId().equals(findingId))
                .sorted(Comparator.comparing(LedgerEntry::createdAt).reversed()).toList();
    }

    @Override
    public int countContainments(String accountId, Instant since) {
        throw new UnsupportedOperationException("not used by blocking");
    }

    @Override
    public boolean markCapReached(String accountId, Instant hourStart) {
        throw new UnsupportedOperationException("not used by blocking");
    }

    @Override
    public WindowPlace takeWindowPlace(String window, int limit) {
        throw new UnsupportedOperationException("not used by blocking");
    }

    List<LedgerEntry> all() {
        return List.copyOf(records.values());
    }

    /** Replaces a record as it is, for tests that set up history (an old lease, an old expiry). */
    void put(LedgerEntry entry) {
        records.put(entry.key(), entry);
    }

    private static LedgerEntry versioned(LedgerEntry e, long version) {
        return new LedgerEntry(e.key(), e.ledgerId() != null ? e.ledgerId() : e.key().ledgerId(), e.state(),
                e.reason(), e.productArn(), e.accountId(), e.severity(), e.preState(), e.completedSteps(),
                e.artifacts(), e.createdAt(), e.updatedAt(), e.expiresAt(), version, e.leaseUntil());
    }
}
