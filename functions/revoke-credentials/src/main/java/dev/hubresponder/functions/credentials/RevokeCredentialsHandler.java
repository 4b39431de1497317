package dev.hubresponder.functions.credentials;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubresponder.audit.FindingNotes;
import dev.hubresponder.aws.SnapStartPriming;
import dev.hubresponder.containment.credentials.CredentialResponse;
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
 * Revokes and releases compromised IAM credentials: the {@code RevokeCredentials} stage. Triggered by EventBridge
 * with {@code Security Hub Findings - Imported} (GuardDuty threat findings on an {@code AwsIamAccessKey} in the
 * containment tier) and by the {@code HubRespRevoke} and {@code HubRespRelease} custom actions; hands its
 * {@link StageReport} to the ticket stage.
 *
 * <p>Returns normally for everything but failures worth retrying (throttling, AWS 5xx, a record another delivery
 * holds), which Lambda retries; the ledger makes the retry resume where this one stopped.
 */
public final class RevokeCredentialsHandler implements RequestStreamHandler {
    private static final Logger LOG = LoggerFactory.getLogger(RevokeCredentialsHandler.class);

    private final ObjectMapper mapper;
    private final ResponsePlanner planner;
    private final CredentialResponse response;
    private final FindingNotes notes;
    /** The SnapStart hook, held here so that the CRaC context cannot lose it; null in tests. */
    private SnapStartPriming priming;

    public RevokeCredentialsHandler() {
        this(RevokeCredentialsWiring.fromEnvironment(System.getenv()));
        this.priming = SnapStartPriming.register(System.getenv(), mapper, notes);
    }

    RevokeCredentialsHandler(RevokeCredentialsWiring wiring) {
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
            return new StageReport(CredentialResponse.STAGE, List.of());
        }
        plan.errors().forEach(rejected -> LOG.warn("finding refused, nothing done", entry("findingId",
                rejected.findingId()), entry("reason", rejected.reason())));
        if (!plan.decisions().isEmpty()) {
            MDC.put("correlation_id", plan.decisions().get(0).finding().id());
        }
        StageReport report = response.respond(plan);
        report.findings().forEach(f -> LOG.info("credentials stage done", entry("findingId", f.id()),
                entry("acted", f.acted()), entry("summary", f.summary())));
        return report;
    }
}
