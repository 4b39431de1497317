package dev.hubresponder.ledger;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One ledger record: what was decided and done for one action on one target, with what is needed to undo it.
 *
 * @param key            which finding, action and target
 * @param ledgerId       a short stable id for people and notes (derived from the key)
 * @param state          where it stands
 * @param reason         why (the policy's reason, a guard's refusal, a failure)
 * @param productArn     the finding's product ARN (needed to write back to it)
 * @param accountId      the account acted in (caps count per account)
 * @param severity       the finding's severity label
 * @param preState       the target's state before any change, as JSON, recorded before the first change; null
 *                       for actions that change no resource
 * @param completedSteps steps done so far, in order, so that a retry resumes after the last one
 * @param artifacts      what the action created: snapshot ids, ticket key and URL, alert message id …
 * @param createdAt      when the record was claimed
 * @param updatedAt      when it last changed
 * @param expiresAt      when the action should be undone automatically (WAF blocks), else null
 * @param version        optimistic lock: each update must name the version it read
 */
public record LedgerEntry(ActionKey key, String ledgerId, LedgerState state, String reason, String productArn,
                          String accountId, String severity, String preState, List<String> completedSteps,
                          Map<String, String> artifacts, Instant createdAt, Instant updatedAt, Instant expiresAt,
                          long version) {
    public LedgerEntry {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(state, "state");
        completedSteps = List.copyOf(completedSteps);
        artifacts = Map.copyOf(artifacts);
    }

    public boolean hasCompleted(String step) {
        return completedSteps.contains(step);
    }
}
