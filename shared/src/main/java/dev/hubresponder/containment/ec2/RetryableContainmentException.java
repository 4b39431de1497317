package dev.hubresponder.containment.ec2;

import dev.hubresponder.action.RetryableActionException;

/**
 * A call to AWS failed in a way that may work later: throttling after the SDK's own retries, a 5xx answer, a
 * network error. The action runner releases the ledger record's lease and lets it reach Lambda, whose retry resumes
 * after the steps completed so far.
 */
public class RetryableContainmentException extends RetryableActionException {
    public RetryableContainmentException(String message, Throwable cause) {
        super(message, cause);
    }

    public RetryableContainmentException(String message) {
        super(message);
    }
}
