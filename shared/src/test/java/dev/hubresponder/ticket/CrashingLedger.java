package dev.hubresponder.ticket;

import dev.hubresponder.ledger.ActionKey;
import dev.hubresponder.ledger.ActionLedger;
import dev.hubresponder.ledger.LedgerEntry;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A ledger whose function "dies": from the first write that matches {@link #crashWhen}, that write and every later
 * one fail (the releasing write too, as when Lambda kills the function), until {@link #recover()}.
 */
final class CrashingLedger implements ActionLedger {
    private final ActionLedger ledger;
    private Predicate<LedgerEntry> crashWhen = entry -> false;
    private boolean crashed;

    CrashingLedger(ActionLedger ledger) {
        this.ledger = ledger;
    }

    void crashWhen(Predicate<LedgerEntry> predicate) {
        crashWhen = predicate;
    }

    void recover() {
        crashed = false;
        crashWhen = entry -> false;
    }

    @Override
    public Claim claim(LedgerEntry proposed) {
        checkAlive(proposed);
        return ledger.claim(proposed);
    }

    @Override
    public Optional<LedgerEntry> find(ActionKey key) {
        return ledger.find(key);
    }

    @Override
    public LedgerEntry update(LedgerEntry changed) {
        checkAlive(changed);
        return ledger.update(changed);
    }

    @Override
    public List<LedgerEntry> findByTarget(String target) {
        return ledger.findByTarget(target);
    }

    @Override
    public List<LedgerEntry> findByFinding(String findingId) {
        return ledger.findByFinding(findingId);
    }

    @Override
    public int countContainments(String accountId, Instant since) {
        return ledger.countContainments(accountId, since);
    }

    @Override
    public boolean markCapReached(String accountId, Instant hourStart) {
        return ledger.markCapReached(accountId, hourStart);
    }

    @Override
    public WindowPlace takeWindowPlace(String window, int limit) {
        return ledger.takeWindowPlace(window, limit);
    }

    private void checkAlive(LedgerEntry write) {
        if (crashed || crashWhen.test(write)) {
            crashed = true;
            throw new IllegalStateException("simulated crash: the function died before writing "
                    + write.key().asString() + " " + write.state() + " " + write.artifacts().keySet());
        }
    }
}
