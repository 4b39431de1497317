package dev.hubresponder.containment.ecs;

import dev.hubresponder.action.RetryableActionException;

/**
 * ECS could not be reached or throttled the call after the SDK's own retries: a failure worth retrying. It reaches
 * Lambda, which retries the delivery; the ledger's completed steps make the retry resume rather than repeat.
 */
public class EcsUnavailableException extends RetryableActionException {
    public EcsUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
