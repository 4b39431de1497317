package dev.hubresponder.containment.ecs;

import dev.hubresponder.ledger.LedgerState;
import dev.hubresponder.policy.ResponseAction;

/**
 * What became of one task action ({@code STOP_TASK} or {@code RELEASE_TASK}) for one finding.
 *
 * @param action     the action
 * @param target     the task ARN as the policy gave it
 * @param state      the ledger state it ended in ({@link LedgerState#PLANNED} while another delivery works on it)
 * @param summary    one line for the note, the alert and the logs: what was done to what, and why
 * @param ledgerId   the ledger record's id
 * @param recordedNow true when this delivery decided it; false when the ledger already held the result (a repeated
 *                   delivery), so that notes are not written twice
 */
public record TaskOutcome(ResponseAction action, String target, LedgerState state, String summary, String ledgerId,
                          boolean recordedNow) {

    /** True when the ledger record is final (everything but a record another delivery is still working on). */
    public boolean isFinal() {
        return state != LedgerState.PLANNED;
    }
}
