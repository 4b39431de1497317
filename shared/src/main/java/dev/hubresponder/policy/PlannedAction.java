package dev.hubresponder.policy;

import java.util.Objects;

/**
 * An action the policy decided on.
 *
 * @param action what to do
 * @param target what to do it to (instance id, task ARN, host address), or null for finding-level actions
 * @param reason why, in words an analyst reads in the alert and the ledger
 * @param shadow true when shadow mode applies: record "would have", change nothing
 */
public record PlannedAction(ResponseAction action, String target, String reason, boolean shadow) {
    public PlannedAction {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(reason, "reason");
    }
}
