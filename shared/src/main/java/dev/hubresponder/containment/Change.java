package dev.hubresponder.containment;

/**
 * The answer to a change through a containment port. Failures worth retrying are not answers: the adapters throw
 * them.
 *
 * @param status what happened
 * @param reason why it is missing or failed, else null
 */
public record Change(ChangeStatus status, String reason) {
    public static Change done() {
        return new Change(ChangeStatus.DONE, null);
    }

    public static Change missing(String reason) {
        return new Change(ChangeStatus.MISSING, reason);
    }

    public static Change failed(String reason) {
        return new Change(ChangeStatus.FAILED, reason);
    }
}
