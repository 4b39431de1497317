package dev.hubresponder.functions.ec2;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubresponder.audit.FindingNotes;
import dev.hubresponder.aws.SnapStartPriming;
import dev.hubresponder.containment.ec2.InstanceResponse;
import dev.hubresponder.finding.MalformedEventException;
import dev.hubresponder.handoff.PlannedEvent;
import dev.hubresponder.handoff.StageReport;
import dev.hubresponder.plan.Plan;
import dev.hubresponder.plan.ResponsePlanner;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * Quarantines and releases EC2 instances: the {@code QuarantineInstance} stage. Triggered by EventBridge with
 * {@code Security Hub Findings - Imported} (CRITICAL threat findings) and by the {@code HubRespIsolate} and
 * {@code HubRespRelease} custom actions; hands its {@link StageReport} to the ticket stage.
 *
 * <p>Returns normally for everything but failures worth retrying (throttling, AWS 5xx, a record another delivery
 * holds), which Lambda retries; the ledger makes the retry resume where this one stopped.
 */
public final class QuarantineInstanceHandler implements RequestStreamHandler {
    private static final Logger LOG = LoggerFactory.getLogger(QuarantineInstanceHandler.class);

    private final ObjectMapper mapper;
    private final ResponsePlanner planner;
    private final InstanceResponse response;
    private final FindingNotes notes;
    /** The SnapStart hook, held here so that the CRaC context cannot lose it; null in tests. */
    private SnapStartPriming priming;

    public QuarantineInstanceHandler() {
        this(QuarantineWiring.fromEnvironment(System.getenv()));
        this.priming = SnapStartPriming.register(System.getenv(), mapper, notes);
    }

    QuarantineInstanceHandler(QuarantineWiring wiring) {
        this.mapper = wiring.mapper();
        this.planner = wiring.planner();
        this.response = wiring.response();
        this.notes = wiring.notes();
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        byte[] event = input.readAllBytes();
        StageReport report = PowertoolsLogging.withLogging(context, () -> respond(event));
        mapper.writeValue(output, report);
    }

    private StageReport respond(byte[] event) {
        Plan plan;
        try {
            plan = PlannedEvent.read(event, mapper, planner::plan).plan();
        } catch (MalformedEventException e) {
            LOG.error("event refused, nothing done", entry("reason", e.getMessage()));
            return new StageReport(InstanceResponse.STAGE, List.of());
        }
        plan.errors().forEach(rejected -> LOG.warn("finding refused, nothing done", entry("findingId",
                rejected.findingId()), entry("reason", rejected.reason())));
        if (!plan.decisions().isEmpty()) {
            MDC.put("correlation_id", plan.decisions().get(0).finding().id());
        }
        StageReport report = response.respond(plan);
        report.findings().forEach(f -> LOG.info("instance stage done", entry("findingId", f.id()),
                entry("acted", f.acted()), entry("summary", f.summary())));
        return report;
    }
}
