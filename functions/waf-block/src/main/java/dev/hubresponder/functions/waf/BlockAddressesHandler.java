package dev.hubresponder.functions.waf;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hubresponder.action.RetryableActionException;
import dev.hubresponder.aws.SnapStartPriming;
import dev.hubresponder.audit.FindingNote;
import dev.hubresponder.audit.NoteReport;
import dev.hubresponder.block.AddressOutcome;
import dev.hubresponder.block.BlockNotes;
import dev.hubresponder.block.BlockRequest;
import dev.hubresponder.block.BlockRun;
import dev.hubresponder.block.SetReport;
import dev.hubresponder.finding.Finding;
import dev.hubresponder.finding.Severity;
import dev.hubresponder.handoff.InvocationRecord;
import dev.hubresponder.handoff.StageReport;
import dev.hubresponder.metrics.ResponderMetrics.ActionResult;
import dev.hubresponder.policy.Decision;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * Blocks the public attackers of findings in the WAF IP sets, and unblocks on the analyst's custom action, then hands
 * a {@link StageReport} to the ticket and alert stages. All addresses of the invocation go into one write per set.
 *
 * <p>Two ways in:
 * <ul>
 *   <li>Threat findings come from the block queue in batches (the template's SQS event source mapping with a
 *       batching window), so that a burst of findings is a few writes, not one per finding. The mapping invokes
 *       synchronously and Lambda destinations do not fire, so the handler hands every event over to the next stage
 *       itself, in the destination's record format. An event whose block hit a retryable failure (throttling, lock
 *       conflicts through every retry, WAF or the ledger unavailable, another delivery holding a record) is
 *       returned in {@code batchItemFailures} for the queue to deliver again; on its last delivery it is handed over
 *       as failed instead, so that the ticket and alert still say so.</li>
 *   <li>Custom actions (and {@code ./responder invoke} with an event file) arrive directly and asynchronously: a
 *       retryable failure is thrown after the notes are written, so that Lambda retries and the retry resumes from
 *       the ledger, and Lambda destinations hand over.</li>
 * </ul>
 */
public final class BlockAddressesHandler implements RequestStreamHandler {
    public static final String STAGE = "BlockAddresses";
    private static final Logger LOG = LoggerFactory.getLogger(BlockAddressesHandler.class);

    private final BlockAddressesWiring wiring;
    /** The SnapStart hook, held here so that the CRaC context cannot lose it; null in tests. */
    private SnapStartPriming priming;

    public BlockAddressesHandler() {
        this(BlockAddressesWiring.fromEnv(System.getenv()));
        this.priming = SnapStartPriming.register(System.getenv(), this.wiring.mapper(), this.wiring.notes());
    }

    BlockAddressesHandler(BlockAddressesWiring wiring) {
        this.wiring = wiring;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        byte[] event = input.readAllBytes();
        Object result = PowertoolsLogging.withLogging(context,
                () -> respond(event, context.getInvokedFunctionArn()));
        wiring.mapper().writeValue(output, result);
    }

    private Object respond(byte[] input, String functionArn) {
        IncomingEvents incoming = IncomingEvents.read(input, wiring.mapper(), wiring.planner());
        List<BlockRequest> requests = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        for (IncomingEvents.Delivery delivery : incoming.deliveries()) {
            for (Decision decision : delivery.plan().decisions()) {
                requests.addAll(BlockRequest.from(decision, delivery.plan().event().customAction() != null));
                findings.add(decision.finding());
            }
        }
        BlockRun run = wiring.service().apply(requests);
        log(run);
        count(run, findings);
        List<FindingNote> notes = BlockNotes.of(run, findings);
        if (!notes.isEmpty()) {
            NoteReport noted = wiring.notes().write(notes);
            noted.failed().forEach(f -> LOG.warn("note not written", entry("findingId", f.findingId()),
                    entry("errorCode", f.errorCode()), entry("detail", f.message())));
        }
        if (incoming.queued()) {
            return handOver(incoming.deliveries(), run, functionArn);
        }
        if (run.retryable()) {
            throw new RetryableActionException("some blocks could not be settled now and are retried: "
                    + unsettled(run, findings).stream().map(AddressOutcome::detail).toList());
        }
        return report(run, findings);
    }

    /**
     * Hands every settled event to the next stage and answers the queue with the messages to deliver again: those
     * with a retryable failure before their last delivery, and those the next stage could not be given.
     */
    private Map<String, List<Map<String, String>>> handOver(List<IncomingEvents.Delivery> deliveries, BlockRun run,
                                                            String functionArn) {
        Map<String, JsonNode> records = new LinkedHashMap<>();
        List<String> again = new ArrayList<>();
        for (IncomingEvents.Delivery delivery : deliveries) {
            List<AddressOutcome> unsettled = unsettled(run, delivery.findings());
            if (unsettled.isEmpty()) {
                records.put(delivery.messageId(), InvocationRecord.success(wiring.mapper(), functionArn,
                        delivery.receiveCount(), delivery.event(),
                        wiring.mapper().valueToTree(report(run, delivery.findings()))));
            } else if (delivery.receiveCount() < wiring.queueMaxReceives()) {
                LOG.warn("queued event delivered again later", entry("messageId", delivery.messageId()),
                        entry("receiveCount", delivery.receiveCount()),
                        entry("unsettled", unsettled.stream().map(AddressOutcome::detail).toList()));
                again.add(delivery.messageId());
            } else {
                unsettled.forEach(a -> wiring.metrics().actionEnded(a.action(), severityOf(a, delivery.findings()),
                        ActionResult.FAILED));
                records.put(delivery.messageId(), InvocationRecord.failure(wiring.mapper(), functionArn,
                        delivery.receiveCount(), delivery.event(), RetryableActionException.class.getSimpleName(),
                        "blocks not settled after " + delivery.receiveCount() + " deliveries: "
                                + unsettled.stream().map(AddressOutcome::detail).toList()));
            }
        }
        Map<String, String> notHandedOver = wiring.nextStage().handOver(records);
        notHandedOver.forEach((messageId, reason) -> LOG.error("event not handed to the next stage; delivered again",
                entry("messageId", messageId), entry("reason", reason)));
        again.addAll(notHandedOver.keySet());
        LOG.info("queue batch settled", entry("events", deliveries.size()),
                entry("handedOver", records.size() - notHandedOver.size()), entry("deliveredAgain", again.size()));
        return Map.of("batchItemFailures", again.stream().map(id -> Map.of("itemIdentifier", id)).toList());
    }

    /**
     * Each address's outcome as the action metrics the dashboard and the {@code ActionsFailed} alarm read: a block or
     * unblock done (with the time from the finding's first sighting to the block), refused, shadow or failed for
     * good. A redelivery and an outcome still to be retried count nothing.
     */
    private void count(BlockRun run, List<Finding> findings) {
        Instant now = wiring.clock().instant();
        for (AddressOutcome a : run.addresses()) {
            Severity severity = severityOf(a, findings);
            ActionResult result = switch (a.result()) {
                case BLOCKED, ALREADY_BLOCKED, UNBLOCKED -> ActionResult.DONE;
                case REFUSED, NOT_OURS -> ActionResult.REFUSED;
                case SHADOW -> ActionResult.SHADOW;
                case FAILED -> ActionResult.FAILED;
                case DUPLICATE, IN_PROGRESS, WILL_RETRY -> null;
            };
            if (result == null || severity == null) {
                continue;
            }
            wiring.metrics().actionEnded(a.action(), severity, result);
            if (a.result() == AddressOutcome.Result.BLOCKED) {
                findings.stream().filter(f -> f.id().equals(a.findingId())).findFirst()
                        .map(f -> f.firstObservedAt() != null ? f.firstObservedAt() : f.createdAt())
                        .ifPresent(seen -> wiring.metrics().timeToContain(a.action(), severity,
                                Duration.between(seen, now)));
            }
        }
    }

    private static Severity severityOf(AddressOutcome outcome, List<Finding> findings) {
        return findings.stream().filter(f -> f.id().equals(outcome.findingId())).findFirst()
                .map(Finding::severity).orElse(null);
    }

    private static List<AddressOutcome> unsettled(BlockRun run, List<Finding> findings) {
        Set<String> ids = findings.stream().map(Finding::id).collect(Collectors.toSet());
        return run.addresses().stream().filter(a -> ids.contains(a.findingId()) && a.result().retryable()).toList();
    }

    private static StageReport report(BlockRun run, List<Finding> findings) {
        return new StageReport(STAGE, findings.stream().map(f -> new StageReport.FindingReport(f.id(),
                run.actedOn(f.id()), run.summary(f.id()))).toList());
    }

    private static void log(BlockRun run) {
        for (AddressOutcome a : run.addresses()) {
            LOG.info("address settled", entry("findingId", a.findingId()), entry("action", a.action()),
                    entry("target", a.target()), entry("result", a.result()), entry("ledgerId", a.ledgerId()),
                    entry("detail", a.detail()));
        }
        for (SetReport set : run.sets()) {
            if (set.highWater()) {
                LOG.warn("IP set at its high-water mark: alert", entry("ipSet", set.set()),
                        entry("size", set.sizeAfter()), entry("capacity", set.capacity()));
            }
            LOG.info("IP set", entry("ipSet", set.set()), entry("written", set.written()),
                    entry("reads", set.attempts()), entry("sizeBefore", set.sizeBefore()),
                    entry("sizeAfter", set.sizeAfter()), entry("evicted", set.evicted()),
                    entry("failure", set.failure()), entry("failureDetail", set.message()));
        }
    }
}
