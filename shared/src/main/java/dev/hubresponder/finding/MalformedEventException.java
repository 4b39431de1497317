package dev.hubresponder.finding;

/**
 * The input as a whole is not a Security Hub event the responder can read (not JSON, not from
 * {@code aws.securityhub}, no findings array). Nothing in it is acted on.
 */
public class MalformedEventException extends RuntimeException {
    public MalformedEventException(String message) {
        super(message);
    }

    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
