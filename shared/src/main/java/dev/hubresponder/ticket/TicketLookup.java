package dev.hubresponder.ticket;

/** What a provider answered when asked for the ticket that carries a finding's label. */
public sealed interface TicketLookup {

    /** The provider has a ticket with the label (the oldest, when there are several). */
    record Found(TicketReference ticket) implements TicketLookup {
    }

    /** No ticket carries the label. */
    record NotFound() implements TicketLookup {
    }

    /**
     * The provider refused the search for good (a 4xx other than 429: bad credentials, unknown project, no
     * permission); asking again will not help until the configuration changes.
     */
    record Rejected(String reason) implements TicketLookup {
    }
}
