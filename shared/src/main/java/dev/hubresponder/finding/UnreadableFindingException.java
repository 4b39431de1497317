package dev.hubresponder.finding;

/**
 * One finding of an event cannot be read; intake turns it into a {@link RejectedFinding} and goes on with the
 * others. Carries no stack trace: it is an expected outcome on bad producer input, not a fault.
 */
final class UnreadableFindingException extends Exception {
    private final String findingId;

    UnreadableFindingException(String findingId, String reason) {
        super(reason, null, false, false);
        this.findingId = findingId;
    }

    String findingId() {
        return findingId;
    }
}
