package dev.hubresponder.action;

/**
 * Another delivery of the same finding holds the action and its lease has not run out: this delivery must not act.
 * Retryable, so that if the other delivery crashes, Lambda's retry of this one finds the lease expired and resumes.
 */
public class ActionInProgressException extends RetryableActionException {
    public ActionInProgressException(String message) {
        super(message);
    }
}
