package dev.hubresponder.alert;

/** The alert channel could not take a message right now; retrying later may succeed. */
public class AlertChannelUnavailableException extends RuntimeException {
    public AlertChannelUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
