package dev.hubresponder.functions.ticket;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.hubresponder.finding.MalformedEventException;
import dev.hubresponder.finding.RejectedFinding;
import dev.hubresponder.handoff.Handoff;
import dev.hubresponder.handoff.PlannedEvent;
import dev.hubresponder.handoff.StageReport;
import dev.hubresponder.plan.Plan;
import dev.hubresponder.ticket.TicketOutcome;
import dev.hubresponder.ticket.TicketStage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * Opens one ticket per finding (EventBridge: imported HIGH/CRITICAL findings and the "create ticket" custom action;
 * Lambda destinations: the hand-over from a containment stage) and hands a {@link StageReport} to the alert stage.
 *
 * <p>A provider that refuses for good is recorded and reported (the alert says so); a retryable failure (429, 5xx,
 * timeout, another delivery holding the ticket) is thrown after every finding of the event had its turn, so that
 * Lambda retries and the ledger makes the retry skip what is done.
 */
public final class CreateTicketHandler implements RequestStreamHandler {
    private static final Logger LOG = LoggerFactory.getLogger(CreateTicketHandler.class);

    private final TicketWiring wiring;

    public CreateTicketHandler() {
        this(TicketWiring.fromEnv(System.getenv()));
    }

    CreateTicketHandler(TicketWiring wiring) {
        this.wiring = wiring;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        byte[] event = input.readAllBytes();
        StageReport report = PowertoolsLogging.withLogging(context, () -> respond(event));
        wiring.mapper().writeValue(output, report);
    }

    private StageReport respond(byte[] event) {
        Handoff handoff;
        Plan plan;
        try {
            PlannedEvent planned = PlannedEvent.read(event, wiring.mapper(), wiring.planner());
            handoff = planned.handoff();
            plan = planned.plan();
        } catch (MalformedEventException e) {
            LOG.error("event is not a Security Hub event; no ticket opened", entry("reason", e.getMessage()));
            return new StageReport(TicketStage.NAME, List.of());
        }
        handoff.failedStages().forEach(failure -> LOG.warn("an earlier stage failed; the tickets say so",
                entry("failure", failure)));
        for (RejectedFinding rejected : plan.errors()) {
            LOG.warn("finding rejected; no ticket for it", entry("findingId", rejected.findingId()),
                    entry("reason", rejected.reason()));
        }
        TicketStage.Result result = wiring.stage().run(plan, handoff);
        result.outcomes().forEach(CreateTicketHandler::log);
        result.notes().failed().forEach(f -> LOG.warn("ticket not noted on the finding",
                entry("findingId", f.findingId()), entry("errorCode", f.errorCode()), entry("detail", f.message())));
        if (!result.retryable().isEmpty()) {
            RuntimeException first = result.retryable().get(0);
            result.retryable().stream().skip(1).forEach(first::addSuppressed);
            LOG.warn("tickets to be retried", entry("count", result.retryable().size()),
                    entry("reason", first.getMessage()));
            throw first;
        }
        return result.report();
    }

    private static void log(TicketOutcome outcome) {
        MDC.put("correlation_id", outcome.findingId());
        try {
            if (outcome.status() == TicketOutcome.Status.FAILED) {
                LOG.error("ticket refused by the provider", entry("status", outcome.status()),
                        entry("reason", outcome.detail()));
            } else {
                LOG.info("ticket settled", entry("status", outcome.status()),
                        entry("ticketKey", outcome.ticket() == null ? null : outcome.ticket().key()),
                        entry("ticketUrl", outcome.ticket() == null ? null : outcome.ticket().url()),
                        entry("detail", outcome.detail()));
            }
        } finally {
            MDC.remove("correlation_id");
        }
    }
}
