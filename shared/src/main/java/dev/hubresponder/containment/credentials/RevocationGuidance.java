package dev.hubresponder.containment.credentials;

import dev.hubresponder.ledger.LedgerEntry;
import dev.hubresponder.ledger.LedgerState;
import dev.hubresponder.policy.ResponseAction;
import java.util.Optional;

/**
 * What a person needs to know after a revocation, for tickets and alerts: what still works (revoking is not
 * rotating) and how to rotate properly. Kept apart from the ledger reason, which says what was done and must fit a
 * Security Hub note.
 */
public final class RevocationGuidance {
    private RevocationGuidance() {
    }

    /** The guidance for a revocation record that changed something; empty for any other record. */
    public static Optional<String> of(LedgerEntry entry) {
        if (entry.key().action() != ResponseAction.REVOKE_CREDENTIALS || entry.state() != LedgerState.DONE) {
            return Optional.empty();
        }
        String target = entry.key().target();
        if (target.contains(":role/")) {
            String before = entry.artifacts().getOrDefault(RevokeCredentials.ISSUED_BEFORE, "the revocation");
            return Optional.of("Still working: sessions of " + target + " issued after " + before + " (an instance"
                    + " profile hands its instance new ones within minutes: quarantine the instance too) and anyone"
                    + " allowed to assume the role. Rotate: find how the credentials left (IMDSv1, SSRF, logs), fix"
                    + " it, then release to delete " + RevokeSessionsPolicy.NAME + ".");
        }
        return Optional.of("Still working: the user's other active access keys, its console password, and"
                + " temporary credentials already issued with " + target + " until they expire. Rotate: create a"
                + " new key, move what used " + target + " to it, then delete " + target + " (deactivated, not"
                + " deleted, for the investigation); review its use in CloudTrail before re-activating it.");
    }
}
