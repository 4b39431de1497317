package dev.hubresponder.functions.customactions;

/** A custom resource request that cannot be carried out as written; answered FAILED with this message. */
final class InvalidRequestException extends RuntimeException {
    InvalidRequestException(String message) {
        super(message);
    }
}
