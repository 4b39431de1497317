package dev.hubresponder.ticket;

import dev.hubresponder.ledger.ActionLedger;
import dev.hubresponder.ledger.ForwardingActionLedger;
import dev.hubresponder.ledger.LedgerEntry;
import java.util.function.Predicate;

/**
 * A ledger whose function "dies": from the first write that matches {@link #crashWhen}, that write and every later
 * one fail (the releasing write too, as when Lambda kills the function), until {@link #recover()}.
 */
final class CrashingLedger extends ForwardingActionLedger {
    private Predicate<LedgerEntry> crashWhen = entry -> false;
    private boolean crashed;

    CrashingLedger(ActionLedger ledger) {
        super(ledger);
    }

    void crashWhen(Predicate<LedgerEntry> predicate) {
        crashWhen = predicate;
    }

    void recover() {
        crashed = false;
        crashWhen = entry -> false;
    }

    /** Reads pass: only the writes of a claim or an update die. */
    @Override
    protected void beforeCall(LedgerEntry write) {
        if (write == null) {
            return;
        }
        if (crashed || crashWhen.test(write)) {
            crashed = true;
            throw new IllegalStateException("simulated crash: the function died before writing "
                    + write.key().asString() + " " + write.state() + " " + write.artifacts().keySet());
        }
    }
}
