package dev.hubresponder.ticket;

/** Whether a ticket is still being worked on, as far as the provider says. */
public enum TicketStatus {
    /** Not done yet. */
    OPEN,
    /** Done, resolved, closed or cancelled. */
    CLOSED,
    /** The provider would not say (deleted ticket, no permission); treated as "do not open another". */
    UNKNOWN
}
