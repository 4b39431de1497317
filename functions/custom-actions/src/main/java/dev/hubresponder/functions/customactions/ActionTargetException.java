package dev.hubresponder.functions.customactions;

/** Security Hub refused or failed an action target call; the message says which call on which target. */
final class ActionTargetException extends RuntimeException {
    ActionTargetException(String message, Throwable cause) {
        super(message, cause);
    }
}
