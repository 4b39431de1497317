package dev.hubresponder.containment.credentials;

import dev.hubresponder.action.RetryableActionException;

/**
 * IAM failed in a way that may work later: throttling after the SDK's own retries, a 5xx answer, a network error.
 * The action runner releases the ledger record's lease and lets it reach Lambda, whose retry resumes after the
 * steps completed so far.
 */
public class IamUnavailableException extends RetryableActionException {
    public IamUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public IamUnavailableException(String message) {
        super(message);
    }
}
