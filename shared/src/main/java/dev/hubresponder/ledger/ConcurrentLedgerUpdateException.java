package dev.hubresponder.ledger;

/** A ledger record changed between read and update; re-read and decide again. */
public class ConcurrentLedgerUpdateException extends RuntimeException {
    public ConcurrentLedgerUpdateException(String message) {
        super(message);
    }
}
