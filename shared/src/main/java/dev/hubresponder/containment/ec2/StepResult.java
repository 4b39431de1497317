package dev.hubresponder.containment.ec2;

import java.util.Objects;

/**
 * What one change to an instance did: done now, found already done, or failed for good (a reason a person can act
 * on). Failures worth retrying are thrown as {@link RetryableContainmentException} instead.
 *
 * @param status what happened
 * @param detail what was done or why it failed, naming the resource
 */
public record StepResult(Status status, String detail) {
    public enum Status { DONE, ALREADY_DONE, FAILED }

    public StepResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
    }

    public static StepResult done(String detail) {
        return new StepResult(Status.DONE, detail);
    }

    public static StepResult alreadyDone(String detail) {
        return new StepResult(Status.ALREADY_DONE, detail);
    }

    public static StepResult failed(String reason) {
        return new StepResult(Status.FAILED, reason);
    }

    public boolean failed() {
        return status == Status.FAILED;
    }
}
