package dev.hubresponder.digest;

/** Findings could not be read right now; retrying later may succeed. */
public class FindingSourceUnavailableException extends RuntimeException {
    public FindingSourceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
