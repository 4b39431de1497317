package dev.hubresponder.policy;

import java.util.Objects;

/**
 * An action the policy would have taken but a guard refused, kept so that alerts, tickets and the ledger can say
 * what was not done and why.
 *
 * @param action what was refused
 * @param target what it would have been done to, or null
 * @param reason the guard's reason ("tag hub-responder:protected=true on i-0abc")
 */
public record Refusal(ResponseAction action, String target, String reason) {
    public Refusal {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(reason, "reason");
    }
}
