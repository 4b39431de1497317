package dev.hubresponder.functions.ticket;

import dev.hubresponder.aws.lambda.StageHandler;
import dev.hubresponder.aws.lambda.StageRunner.Work;
import dev.hubresponder.handoff.StageReport;
import dev.hubresponder.policy.ResponseAction;
import dev.hubresponder.ticket.TicketStage;
import java.util.List;

/**
 * Opens one ticket per finding (EventBridge: imported HIGH/CRITICAL findings and the "create ticket" custom action;
 * Lambda destinations: the hand-over from a containment stage) and hands a {@link StageReport} to the alert stage.
 *
 * <p>A provider that refuses for good is recorded and reported (the alert says so); a retryable failure (429, 5xx,
 * timeout, another delivery holding the ticket) is thrown after every finding of the event had its turn, so that
 * Lambda retries and the ledger makes the retry skip what is done.
 */
public final class CreateTicketHandler extends StageHandler {

    public CreateTicketHandler() {
        this(TicketWiring.fromEnv(System.getenv()));
    }

    CreateTicketHandler(TicketWiring wiring) {
        super(TicketStage.NAME, List.of(ResponseAction.TICKET), wiring.mapper(), wiring.planner(), null,
                event -> Work.each(event, decision -> wiring.stage().settle(decision, event.handoff())));
    }
}
