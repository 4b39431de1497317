package dev.hubresponder.block;

import dev.hubresponder.policy.ResponseAction;

/**
 * What happened to one address for one finding.
 *
 * @param findingId the finding
 * @param action    block or unblock
 * @param target    the normalized host, or the text as given when it was not an address
 * @param result    what happened
 * @param detail    one line for people: what was done to what, or why not
 * @param ledgerId  the ledger record's short id, when one was written
 */
public record AddressOutcome(String findingId, ResponseAction action, String target, Result result, String detail,
                             String ledgerId) {

    public enum Result {
        /** Added to the set by this run. */
        BLOCKED,
        /** Already in the set (by the responder's hand or someone else's); recorded for this finding. */
        ALREADY_BLOCKED,
        /** Taken out of the set (or found already gone), with the responder's holding released. */
        UNBLOCKED,
        /** Not taken out: the responder did not add it. */
        NOT_OURS,
        /** Refused by the policy, the address check or a full set; nothing changed. */
        REFUSED,
        /** Shadow mode: recorded what would have been done. */
        SHADOW,
        /** This finding's block or unblock of this address was done before (a redelivery). */
        DUPLICATE,
        /** Another delivery holds this record now; this run retries later. */
        IN_PROGRESS,
        /** Failed for good (WAF refused the write, the set is missing). */
        FAILED,
        /** Failed for now (throttled, conflicts, WAF unavailable); the invocation fails so that Lambda retries. */
        WILL_RETRY;

        /** True when the run should end in an error so that Lambda delivers it again. */
        public boolean retryable() {
            return this == IN_PROGRESS || this == WILL_RETRY;
        }
    }
}
