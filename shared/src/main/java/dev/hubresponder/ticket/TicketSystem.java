package dev.hubresponder.ticket;

/**
 * A place where people track work: Jira Cloud, GitHub Issues, ServiceNow, or none. The port that each provider's
 * adapter implements with the JDK's HTTP client.
 *
 * <p>Creating a ticket is not idempotent at any of these providers. Every ticket therefore carries the finding's
 * label ({@link TicketLabels}), and {@link #findByLabel} finds it again: that is how a delivery that crashed after
 * the provider created the ticket, but before the ledger recorded it, is completed without a second ticket.
 *
 * <p>Outcomes: {@link TicketLookup}, {@link TicketCreation} and {@link TicketStatus} say what the provider answered,
 * including a permanent refusal (4xx other than 429). 429, 5xx, timeouts and unreachable hosts throw
 * {@link RetryableTicketException}. A missing or malformed credential throws
 * {@link dev.hubresponder.config.ConfigurationException}.
 */
public interface TicketSystem {

    /** The provider's name as configured: jira, github, servicenow or none. */
    String name();

    /** False for the {@code none} provider, which opens no tickets; the other methods are then never called. */
    default boolean opensTickets() {
        return true;
    }

    /** The ticket that carries this label, if any; the oldest when there are several. */
    TicketLookup findByLabel(String dedupLabel);

    /** Opens a ticket that carries {@link TicketContent#dedupLabel()}. */
    TicketCreation create(TicketContent content);

    /** Whether a ticket is still open. */
    TicketStatus status(TicketReference ticket);
}
