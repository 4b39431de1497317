package dev.hubresponder.finding;

import java.util.List;

/**
 * One finding of an event cannot be read; intake turns it into a {@link RejectedFinding} and goes on with the
 * others. Carries no stack trace: it is an expected outcome on bad producer input, not a fault.
 */
final class UnreadableFindingException extends Exception {
    /** Fields of the wrong type named in the reason; the others are counted (a hostile finding may have many). */
    private static final int MAX_LISTED_WRONG_TYPES = 5;

    private final String findingId;

    UnreadableFindingException(String findingId, String reason) {
        super(reason, null, false, false);
        this.findingId = findingId;
    }

    /**
     * Throws when the finding has problems or fields of the wrong type: the reason names every problem and the first
     * {@value #MAX_LISTED_WRONG_TYPES} wrong types, then counts the rest. The wrong types are added to the problems.
     */
    static void throwIfAny(String findingId, List<String> problems, List<String> wrongTypes)
            throws UnreadableFindingException {
        problems.addAll(wrongTypes.subList(0, Math.min(wrongTypes.size(), MAX_LISTED_WRONG_TYPES)));
        if (wrongTypes.size() > MAX_LISTED_WRONG_TYPES) {
            problems.add("and " + (wrongTypes.size() - MAX_LISTED_WRONG_TYPES) + " more fields of the wrong type");
        }
        if (!problems.isEmpty()) {
            throw new UnreadableFindingException(findingId, String.join("; ", problems));
        }
    }

    String findingId() {
        return findingId;
    }
}
