package dev.hubresponder.action;

import java.util.Objects;

/**
 * The answer to "give me what acts in this account and Region": the port's value, or why it cannot be had there
 * (the member role is missing or does not trust the responder, member accounts are not configured). A refusal is
 * final for the action: retrying would meet the same answer. Failures worth retrying (STS throttled or
 * unreachable) are thrown as {@link RetryableActionException} instead.
 *
 * @param value   what acts there, when reachable
 * @param refusal why not, else null
 */
public record Reach<T>(T value, String refusal) {
    public Reach {
        if ((value == null) == (refusal == null)) {
            throw new IllegalArgumentException("a reach has either a value or a refusal");
        }
    }

    public static <T> Reach<T> of(T value) {
        return new Reach<>(Objects.requireNonNull(value, "value"), null);
    }

    public static <T> Reach<T> refused(String reason) {
        return new Reach<>(null, Objects.requireNonNull(reason, "reason"));
    }

    public boolean reached() {
        return value != null;
    }
}
