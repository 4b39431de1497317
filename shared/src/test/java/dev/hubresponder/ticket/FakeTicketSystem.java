package dev.hubresponder.ticket;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** A provider in memory: tickets by label, what was created, and failures on demand. */
final class FakeTicketSystem implements TicketSystem {
    final Map<String, TicketReference> byLabel = new LinkedHashMap<>();
    final List<TicketContent> created = new ArrayList<>();
    final Map<String, TicketStatus> statuses = new HashMap<>();
    int lookups;
    private Supplier<TicketCreation> nextCreation;

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public TicketLookup findByLabel(String dedupLabel) {
        lookups++;
        TicketReference ticket = byLabel.get(dedupLabel);
        return ticket == null ? new TicketLookup.NotFound() : new TicketLookup.Found(ticket);
    }

    @Override
    public TicketCreation create(TicketContent content) {
        if (nextCreation != null) {
            Supplier<TicketCreation> once = nextCreation;
            nextCreation = null;
            return once.get();
        }
        int number = created.size() + 1;
        TicketReference ticket = new TicketReference("fake", "SEC-" + number, "https://tickets.example/SEC-" + number,
                Integer.toString(number));
        created.add(content);
        byLabel.put(content.dedupLabel(), ticket);
        statuses.put(ticket.key(), TicketStatus.OPEN);
        return new TicketCreation.Created(ticket, List.of());
    }

    @Override
    public TicketStatus status(TicketReference ticket) {
        return statuses.getOrDefault(ticket.key(), TicketStatus.UNKNOWN);
    }

    /** The next create answers this instead of creating. */
    void nextCreation(Supplier<TicketCreation> answer) {
        this.nextCreation = answer;
    }
}
