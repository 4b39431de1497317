package dev.hubresponder.containment.ec2;

import dev.hubresponder.ledger.LedgerEntry;
import dev.hubresponder.policy.ResponseAction;

/** Which ledger records stand for a quarantine that is (at least partly) in place. */
final class QuarantineRecords {
    private QuarantineRecords() {
    }

    /**
     * True for a quarantine record with a pre-state that has not been released: done, under way, failed part-way, or
     * stopped part-way by the kill switch or a guard (refused with steps completed).
     */
    static boolean isUnreleasedQuarantine(LedgerEntry entry) {
        if (entry.key().action() != ResponseAction.QUARANTINE_INSTANCE || entry.preState() == null) {
            return false;
        }
        return switch (entry.state()) {
            case DONE, PLANNED, FAILED -> true;
            case REFUSED -> !entry.completedSteps().isEmpty();
            case SHADOW, RELEASED -> false;
        };
    }
}
