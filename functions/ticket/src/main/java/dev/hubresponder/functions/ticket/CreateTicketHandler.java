package dev.hubresponder.functions.ticket;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.hubresponder.aws.lambda.StageRunner;
import dev.hubresponder.handoff.StageReport;
import dev.hubresponder.policy.ResponseAction;
import dev.hubresponder.ticket.TicketStage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Set;

/**
 * Opens one ticket per finding (EventBridge: imported HIGH/CRITICAL findings and the "create ticket" custom action;
 * Lambda destinations: the hand-over from a containment stage) and hands a {@link StageReport} to the alert stage.
 *
 * <p>A provider that refuses for good is recorded and reported (the alert says so); a retryable failure (429, 5xx,
 * timeout, another delivery holding the ticket) is thrown after every finding of the event had its turn, so that
 * Lambda retries and the ledger makes the retry skip what is done.
 */
public final class CreateTicketHandler implements RequestStreamHandler {
    private final TicketWiring wiring;
    private final StageRunner runner;

    public CreateTicketHandler() {
        this(TicketWiring.fromEnv(System.getenv()));
    }

    CreateTicketHandler(TicketWiring wiring) {
        this.wiring = wiring;
        this.runner = new StageRunner(TicketStage.NAME, Set.of(ResponseAction.TICKET), wiring.mapper(),
                wiring.planner());
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        runner.handle(input, output, context, event -> StageRunner.Work.each(event,
                decision -> wiring.stage().settle(decision, event.handoff())));
    }
}
