package dev.hubresponder.finding;

/** The direction of a network connection as seen from the affected resource. */
public enum Direction {
    INBOUND, OUTBOUND, UNKNOWN
}
