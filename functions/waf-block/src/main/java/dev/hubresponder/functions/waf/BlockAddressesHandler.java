package dev.hubresponder.functions.waf;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
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
import dev.hubresponder.handoff.StageReport;
import dev.hubresponder.plan.Plan;
import dev.hubresponder.policy.Decision;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * Blocks the public attackers of findings in the WAF IP sets, and unblocks on the analyst's custom action
 * (EventBridge: imported findings, HubRespBlock and HubRespUnblock; or an SQS batch of such events), then hands a
 * {@link StageReport} to the ticket and alert stages. All addresses of the invocation go into one write per set.
 *
 * <p>A retryable failure (throttling, lock conflicts through every retry, WAF or the ledger unavailable, another
 * delivery holding a record) is thrown after the notes are written, so that Lambda retries and the retry resumes
 * from the ledger.
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
        StageReport report = PowertoolsLogging.withLogging(context, () -> respond(event));
        wiring.mapper().writeValue(output, report);
    }

    private StageReport respond(byte[] event) {
        List<BlockRequest> requests = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        for (Plan plan : IncomingEvents.plan(event, wiring.mapper(), wiring.planner())) {
            for (Decision decision : plan.decisions()) {
                requests.addAll(BlockRequest.from(decision, plan.event().customAction() != null));
                findings.add(decision.finding());
            }
        }
        BlockRun run = wiring.service().apply(requests);
        log(run);
        List<FindingNote> notes = BlockNotes.of(run, findings);
        if (!notes.isEmpty()) {
            NoteReport noted = wiring.notes().write(notes);
            noted.failed().forEach(f -> LOG.warn("note not written", entry("findingId", f.findingId()),
                    entry("errorCode", f.errorCode()), entry("detail", f.message())));
        }
        if (run.retryable()) {
            throw new RetryableActionException("some blocks could not be settled now and are retried: "
                    + run.addresses().stream().filter(a -> a.result().retryable()).map(AddressOutcome::detail)
                    .toList());
        }
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
