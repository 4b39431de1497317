package dev.hubresponder.action;

/**
 * The changes one action makes, written so that it can be resumed: record the pre-state before the first change,
 * and skip the steps {@link ActionProgress#isCompleted} already names.
 */
@FunctionalInterface
public interface ActionWork {
    /**
     * @return done, refused or failed for good
     * @throws RetryableActionException when it may succeed if tried again; the claim is released for the retry
     */
    WorkResult perform(ActionProgress progress);
}
