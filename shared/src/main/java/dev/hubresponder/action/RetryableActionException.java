package dev.hubresponder.action;

/**
 * An action could not finish now but may succeed later (throttling, a service error, a lock held by someone
 * else). The only failure that reaches Lambda: it makes Lambda retry the delivery, and the retry resumes the action
 * from its last completed step.
 */
public class RetryableActionException extends RuntimeException {
    public RetryableActionException(String message) {
        super(message);
    }

    public RetryableActionException(String message, Throwable cause) {
        super(message, cause);
    }
}
