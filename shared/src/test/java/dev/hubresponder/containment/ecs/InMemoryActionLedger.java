package dev.hubresponder.containment.ecs;

import dev.hubresponder.testing.WindowCounts;
import dev.hubresponder.ledger.ActionKey;
import dev.hubresponder.ledger.ActionLedger;
import dev.hubresponder.ledger.ConcurrentLedgerUpdateException;
import dev.hubresponder.ledger.LedgerEntry;
import dev.hubresponder.ledger.LedgerState;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The ledger's contract in memory, for unit tests of task containment that fake ECS. */
final class InMemoryActionLedger implements ActionLedger {
    private final WindowCounts windows = new WindowCounts();
    private final Map<String, LedgerEntry> records = new ConcurrentHashMap<>();
    private final Set<String> capMarkers = ConcurrentHashMap.newKeySet();

    @Override
    public Claim claim(LedgerEntry proposed) {
        LedgerEntry first = withVersion(proposed, 1);
        LedgerEntry existing = records.putIfAbsent(proposed.key().asString(), first);
        return existing == null ? new Claim(true, first) : new Claim(false, existing);
    }

    @Override
    public Optional<LedgerEntry> find(ActionKey key) {
        return Optional.ofNullable(records.get(key.asString()));
    }

    @Override
    public synchronized LedgerEntry update(LedgerEntry changed) {
        LedgerEntry current = records.get(changed.key().asString());
        if (current == null || current.version() != changed.version()) {
            throw new ConcurrentLedgerUpdateException("ledger record " + changed.key().asString() + " changed");
        }
        LedgerEntry next = withVersion(changed, changed.version() + 1);
        records.put(changed.key().asString(), next);
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
        return (int) records.values().stream()
                .filter(e -> e.key().action().isContainment() && accountId.equals(e.accountId()))
                .filter(e -> e.state() != LedgerState.REFUSED && e.state() != LedgerState.SHADOW)
                .filter(e -> !e.createdAt().isBefore(since))
                .count();
    }

    @Override
    public boolean markCapReached(String accountId, Instant hourStart) {
        return capMarkers.add(accountId + "|" + hourStart);
    }

    @Override
    public ActionLedger.WindowPlace takeWindowPlace(String window, int limit) {
        return windows.take(window, limit);
    }

    private static LedgerEntry withVersion(LedgerEntry e, long version) {
        return new LedgerEntry(e.key(), e.ledgerId() != null ? e.ledgerId() : e.key().ledgerId(), e.state(),
                e.reason(), e.productArn(), e.accountId(), e.severity(), e.preState(), e.completedSteps(),
                e.artifacts(), e.createdAt(), e.updatedAt(), e.expiresAt(), version, e.leaseUntil());
    }
}
