package dev.hubresponder.ledger;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An {@link ActionLedger} that passes every call on to another, for test ledgers that make some calls fail as a
 * dying function would: {@link #beforeCall} runs first, with the record a write would store ({@code null} for reads
 * and the cap mark).
 */
public abstract class ForwardingActionLedger implements ActionLedger {
    private final ActionLedger ledger;

    protected ForwardingActionLedger(ActionLedger ledger) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
    }

    /** Called before each call reaches the ledger; throw to make the call fail. */
    protected abstract void beforeCall(LedgerEntry written);

    @Override
    public Claim claim(LedgerEntry proposed) {
        beforeCall(proposed);
        return ledger.claim(proposed);
    }

    @Override
    public Optional<LedgerEntry> find(ActionKey key) {
        beforeCall(null);
        return ledger.find(key);
    }

    @Override
    public LedgerEntry update(LedgerEntry changed) {
        beforeCall(changed);
        return ledger.update(changed);
    }

    @Override
    public List<LedgerEntry> findByTarget(String target) {
        beforeCall(null);
        return ledger.findByTarget(target);
    }

    @Override
    public List<LedgerEntry> findByFinding(String findingId) {
        beforeCall(null);
        return ledger.findByFinding(findingId);
    }

    @Override
    public int countContainments(String accountId, Instant since) {
        beforeCall(null);
        return ledger.countContainments(accountId, since);
    }

    @Override
    public boolean markCapReached(String accountId, Instant hourStart) {
        beforeCall(null);
        return ledger.markCapReached(accountId, hourStart);
    }

    @Override
    public WindowPlace takeWindowPlace(String window, int limit) {
        beforeCall(null);
        return ledger.takeWindowPlace(window, limit);
    }
}
