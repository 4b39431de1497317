package dev.hubresponder.ticket;

/** The {@code none} provider: the responder opens no tickets; alerts still go out. */
public final class NoTicketSystem implements TicketSystem {
    public static final String NAME = "none";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean opensTickets() {
        return false;
    }

    @Override
    public TicketLookup findByLabel(String dedupLabel) {
        throw new IllegalStateException("the none provider has no tickets to look up");
    }

    @Override
    public TicketCreation create(TicketContent content) {
        throw new IllegalStateException("the none provider opens no tickets");
    }

    @Override
    public TicketStatus status(TicketReference ticket) {
        throw new IllegalStateException("the none provider has no tickets");
    }
}
