package dev.hubresponder.ticket;

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
import java.util.function.Predicate;

/**
 * The ledger port with the DynamoDB ledger's rules (conditional claim, optimistic update), in memory, for tests.
 * It can also "crash": after {@link #crashWhen} matches a write, that write and every later one fail, as if the
 * function died there, until {@link #recover()}.
 */
public final class InMemoryActionLedger implements ActionLedger {
    private final Map<ActionKey, LedgerEntry> entries = new LinkedHashMap<>();
    private final java.util.Set<String> capMarks = new java.util.HashSet<>();
    private Predicate<LedgerEntry> crashWhen = entry -> false;
    private boolean crashed;

    @Override
    public synchronized Claim claim(LedgerEntry proposed) {
        checkAlive(proposed);
        LedgerEntry existing = entries.get(proposed.key());
        if (existing != null) {
            return new Claim(false, existing);
        }
        entries.put(proposed.key(), proposed);
        return new Claim(true, proposed);
    }

    @Override
    public synchronized Optional<LedgerEntry> find(ActionKey key) {
        return Optional.ofNullable(entries.get(key));
    }

    @Override
    public synchronized LedgerEntry update(LedgerEntry changed) {
        checkAlive(changed);
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

    /** Puts a record as another stage would have written it. */
    public synchronized void put(LedgerEntry entry) {
        entries.put(entry.key(), entry);
    }

    /** From the first write matching the predicate on, every write fails. */
    public synchronized void crashWhen(Predicate<LedgerEntry> predicate) {
        this.crashWhen = predicate;
    }

    public synchronized void recover() {
        crashed = false;
        crashWhen = entry -> false;
    }

    private void checkAlive(LedgerEntry write) {
        if (crashed || crashWhen.test(write)) {
            crashed = true;
            throw new IllegalStateException("simulated crash: the function died before writing "
                    + write.key().asString() + " " + write.state());
        }
    }
}
