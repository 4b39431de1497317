package dev.hubresponder.ticket;

import java.util.List;

/** What a provider answered to "open this ticket". Retryable failures are thrown, not returned. */
public sealed interface TicketCreation {

    /**
     * The ticket exists.
     *
     * @param ticket   the new ticket
     * @param warnings what did not go as asked but did not stop it (a GitHub token without push access has its
     *                 labels silently dropped, so the ticket cannot be found again by label)
     */
    record Created(TicketReference ticket, List<String> warnings) implements TicketCreation {
        public Created {
            warnings = List.copyOf(warnings);
        }
    }

    /** The provider refused it for good (a 4xx other than 429); the reason says what it answered. */
    record Rejected(String reason) implements TicketCreation {
    }
}
