package dev.hubresponder.containment.credentials;

import dev.hubresponder.ledger.LedgerEntry;
import dev.hubresponder.policy.ResponseAction;

/** Which ledger records stand for a revocation that is (at least partly) in place. */
final class RevocationRecords {
    private RevocationRecords() {
    }

    /**
     * True for a revocation record with evidence that has not been released: done, under way, failed part-way, or
     * stopped part-way by the kill switch (refused with steps completed).
     */
    static boolean isUnreleasedRevocation(LedgerEntry entry) {
        if (entry.key().action() != ResponseAction.REVOKE_CREDENTIALS || entry.preState() == null) {
            return false;
        }
        return switch (entry.state()) {
            case DONE, PLANNED, FAILED -> true;
            case REFUSED -> !entry.completedSteps().isEmpty();
            case SHADOW, RELEASED -> false;
        };
    }
}
