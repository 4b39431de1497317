package dev.hubresponder.functions.waf;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import dev.hubresponder.action.RetryableActionException;
import dev.hubresponder.aws.lambda.StageRunner;
import dev.hubresponder.audit.FindingNote;
import dev.hubresponder.audit.NoteReport;
import dev.hubresponder.block.AddressOutcome;
import dev.hubresponder.block.BlockNotes;
import dev.hubresponder.block.BlockRequest;
import dev.hubresponder.block.BlockRun;
import dev.hubresponder.block.SetReport;
import dev.hubresponder.finding.Finding;
import dev.hubresponder.handoff.QueuedHandover;
import dev.hubresponder.handoff.StageReport;
import dev.hubresponder.policy.Decision;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
final class BlockStage {
    static final String STAGE = "BlockAddresses";
    private static final Logger LOG = LoggerFactory.getLogger(BlockStage.class);

    private final BlockAddressesWiring wiring;

    BlockStage(BlockAddressesWiring wiring) {
        this.wiring = wiring;
    }

    Object respond(byte[] input, String functionArn) {
        IncomingEvents incoming = IncomingEvents.read(input, wiring.mapper(), wiring.planner());
        List<BlockRequest> requests = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        for (IncomingEvents.Delivery delivery : incoming.deliveries()) {
            for (Decision decision : delivery.plan().decisions()) {
                requests.addAll(BlockRequest.from(decision, delivery.plan().event().customAction() != null));
                findings.add(decision.finding());
            }
        }
        BlockRun run = StageRunner.traced(STAGE, Map.of("stage", STAGE, "findings", String.valueOf(findings.size())),
                () -> wiring.service().apply(requests),
                done -> Map.of("outcome", done.retryable() ? "RETRY" : "SETTLED"));
        traceEach(run, findings);
        log(run);
        wiring.metrics().ended(run, findings);
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
                    + details(unsettled(run, findings)));
        }
        return report(run, findings);
    }

    /** Ends a queue batch: settled events to the ticket stage, the others back to the queue (or, last time, over). */
    private Map<String, List<Map<String, String>>> handOver(List<IncomingEvents.Delivery> deliveries, BlockRun run,
                                                            String functionArn) {
        Map<String, IncomingEvents.Delivery> byMessage = new LinkedHashMap<>();
        List<QueuedHandover.QueuedEvent> events = new ArrayList<>();
        for (IncomingEvents.Delivery d : deliveries) {
            byMessage.put(d.messageId(), d);
            List<AddressOutcome> unsettled = unsettled(run, d.findings());
            events.add(new QueuedHandover.QueuedEvent(d.messageId(), d.receiveCount(), d.event(),
                    wiring.mapper().valueToTree(report(run, d.findings())),
                    unsettled.isEmpty() ? null : String.join("; ", details(unsettled))));
        }
        QueuedHandover.Outcome outcome = wiring.handover().handOver(events, functionArn);
        for (QueuedHandover.QueuedEvent given : outcome.gaveUp()) {
            List<Finding> ofEvent = byMessage.get(given.messageId()).findings();
            wiring.metrics().gaveUp(unsettled(run, ofEvent), ofEvent);
            LOG.error("queued event failed on its last delivery; handed over as failed",
                    entry("messageId", given.messageId()), entry("reason", given.unsettled()));
        }
        outcome.notHandedOver().forEach((messageId, reason) -> LOG.error(
                "event not handed to the next stage; delivered again", entry("messageId", messageId),
                entry("reason", reason)));
        LOG.info("queue batch settled", entry("events", deliveries.size()), entry("handedOver", outcome.handedOver()),
                entry("deliveredAgain", outcome.deliverAgain()));
        return outcome.batchResponse();
    }

    /** One subsegment per finding, so that a trace is found by the finding's id, its actions and their outcome. */
    private static void traceEach(BlockRun run, List<Finding> findings) {
        for (Finding finding : findings) {
            List<AddressOutcome> own = run.addresses().stream()
                    .filter(a -> a.findingId().equals(finding.id())).toList();
            String actions = own.stream().map(a -> a.action().name()).distinct().sorted()
                    .collect(Collectors.joining(","));
            String outcome = own.stream().anyMatch(a -> a.result().retryable()) ? "RETRY"
                    : run.actedOn(finding.id()) ? "ACTED" : "NOTHING_TO_DO";
            StageRunner.traced(STAGE, Map.of("findingId", finding.id(), "stage", STAGE,
                    "action", actions.isEmpty() ? "none" : actions, "outcome", outcome), () -> outcome, o -> Map.of());
        }
    }

    private static List<AddressOutcome> unsettled(BlockRun run, List<Finding> findings) {
        Set<String> ids = findings.stream().map(Finding::id).collect(Collectors.toSet());
        return run.addresses().stream().filter(a -> ids.contains(a.findingId()) && a.result().retryable()).toList();
    }

    private static List<String> details(List<AddressOutcome> outcomes) {
        return outcomes.stream().map(AddressOutcome::detail).toList();
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
                LOG.warn("IP set at its high-water mark", entry("ipSet", set.set()),
                        entry("size", set.sizeAfter()), entry("capacity", set.capacity()));
            }
            LOG.info("IP set", entry("ipSet", set.set()), entry("written", set.written()),
                    entry("reads", set.attempts()), entry("sizeBefore", set.sizeBefore()),
                    entry("sizeAfter", set.sizeAfter()), entry("evicted", set.evicted()),
                    entry("failure", set.failure()), entry("failureDetail", set.message()));
        }
    }
}
