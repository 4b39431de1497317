package dev.hubresponder.ticket;

import dev.hubresponder.testing.WindowCounts;
import dev.hubresponder.ledger.ActionKey;
import dev.hubresponder.ledger.ActionLedger;
import dev.hubresponder.ledger.ConcurrentLedgerUpdateException;
import dev.hubresponder.ledger.LedgerEntry;
import dev.hubresponder.ledger.LedgerState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ledger port with the DynamoDB ledger's rules (conditional claim, optimistic update), in memory, for fast
 * tests; the integration tests use the DynamoDB ledger on moto.
 */
public final class InMemoryActionLedger implements ActionLedger {
    private final WindowCounts windows = new WindowCounts();
    private final Map<ActionKey, LedgerEntry> entries = new LinkedHashMap<>();
    private final java.util.Set<String> capMarks = new java.util.HashSet<>();

    @Override
    public synchronized Claim claim(LedgerEntry proposed) {
        LedgerEntry existing = entries.get(proposed.key());
        if (existing != null) {
            return new Claim(false, existing);
        }
        LedgerEntry stored = new LedgerEntry(proposed.key(), proposed.ledgerId(), proposed.state(),
                proposed.reason(), proposed.productArn(), proposed.accountId(), proposed.severity(),
                proposed.preState(), proposed.completedSteps(), proposed.artifacts(), proposed.createdAt(),
                proposed.updatedAt(), proposed.expiresAt(), 1, proposed.leaseUntil());
        entries.put(stored.key(), stored);
        return new Claim(true, stored);
    }

    @Override
    public synchronized Optional<LedgerEntry> find(ActionKey key) {
        return Optional.ofNullable(entries.get(key));
    }

    @Override
    public synchronized LedgerEntry update(LedgerEntry changed) {
        LedgerEntry current = entries.get(changed.key());
        if (current == null || current.version() != changed.version()) {
            throw new ConcurrentLedgerUpdateException("ledger record " + changed.key().asString() + " changed");
        }
        LedgerEntry next = new LedgerEntry(changed.key(), changed.ledgerId(), changed.state(), changed.reason(),
                changed.productArn(), changed.accountId(), changed.severity(), changed.preState(),
                changed.completedSteps(), changed.artifacts(), changed.createdAt(), changed.updatedAt(),
                changed.expiresAt(), changed.version() + 1, changed.leaseUntil());
        entries.put(next.key(), next);
        return next;
    }

    @Override
    public synchronized List<LedgerEntry> findByTarget(String target) {
        return entries.values().stream().filter(e -> e.key().target().equals(target))
                .sorted(Comparator.comparing(LedgerEntry::createdAt).reversed()).toList();
    }

    @Override
    public synchronized List<LedgerEntry> findByFinding(String findingId) {
        return new ArrayList<>(entries.values().stream().filter(e -> e.key().findingId().equals(findingId)).toList());
    }

    @Override
    public synchronized int countContainments(String accountId, Instant since) {
        return (int) entries.values().stream()
                .filter(e -> accountId.equals(e.accountId()) && e.key().action().isContainment()
                        && e.state() == LedgerState.DONE && !e.createdAt().isBefore(since))
                .count();
    }

    @Override
    public synchronized boolean markCapReached(String accountId, Instant hourStart) {
        return capMarks.add(accountId + "|" + hourStart);
    }

    @Override
    public ActionLedger.WindowPlace takeWindowPlace(String window, int limit) {
        return windows.take(window, limit);
    }

    /** Puts a record as another stage would have written it. */
    public synchronized void put(LedgerEntry entry) {
        entries.put(entry.key(), entry);
    }
}
