package dev.hubresponder.aws.lambda;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubresponder.action.RetryableActionException;
import dev.hubresponder.finding.MalformedEventException;
import dev.hubresponder.handoff.FindingResult;
import dev.hubresponder.handoff.PlannedEvent;
import dev.hubresponder.handoff.StageReport;
import dev.hubresponder.handoff.StageReport.FindingReport;
import dev.hubresponder.plan.Plan;
import dev.hubresponder.policy.Decision;
import dev.hubresponder.policy.PlannedAction;
import dev.hubresponder.policy.Refusal;
import dev.hubresponder.policy.ResponseAction;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The per-event plumbing every stage function shares, so that a handler states only its stage's work: reads the
 * event (unwrapped from Lambda destination records, planned), logs and counts input it refuses, then settles each
 * finding on its own with its id as the logs' correlation id, in an X-Ray subsegment annotated with the finding id,
 * the stage's actions and the outcome, and writes the {@link StageReport}.
 *
 * <p>Input that is not a Security Hub event, or a hand-over the stage cannot read, is answered with an empty report:
 * a retry would not read it better. A finding whose work failed in a way worth retrying does not hold up the others;
 * once every finding had its turn the first such failure is thrown (the others suppressed in it), so that Lambda
 * retries and the ledger makes the retry resume where this one stopped.
 */
public final class StageRunner {
    private static final Logger LOG = LoggerFactory.getLogger(StageRunner.class);
    private static final String CORRELATION_ID = "correlation_id";

    static {
        StageTracing.configure();
    }

    private final String stage;
    private final Set<ResponseAction> actions;
    private final ObjectMapper mapper;
    private final Function<JsonNode, Plan> planner;

    /**
     * @param stage   the stage's name in its report and traces
     * @param actions the actions the stage carries out, named in each finding's trace
     * @param planner the stage's planner; it counts the events and findings it refuses
     */
    public StageRunner(String stage, Set<ResponseAction> actions, ObjectMapper mapper,
                       Function<JsonNode, Plan> planner) {
        this.stage = stage;
        this.actions = Set.copyOf(actions);
        this.mapper = mapper;
        this.planner = planner;
    }

    /** What a stage does with one planned event. */
    @FunctionalInterface
    public interface Stage {
        /**
         * @throws MalformedEventException when the event (a previous stage's report) cannot be read
         */
        Work plan(PlannedEvent event);
    }

    /**
     * One event's work.
     *
     * @param findings  the decisions the stage settles, one at a time, in this order
     * @param settle    what the stage does for one finding; may throw {@link RetryableActionException}
     * @param leftAlone reports of the findings the stage does not act on, after the others
     */
    public record Work(List<Decision> findings, Function<Decision, FindingResult> settle,
                       List<FindingReport> leftAlone) {
        public Work {
            findings = List.copyOf(findings);
            leftAlone = List.copyOf(leftAlone);
        }

        /** Every finding of the event, each settled by {@code settle}. */
        public static Work each(PlannedEvent event, Function<Decision, FindingResult> settle) {
            return new Work(event.plan().decisions(), settle, List.of());
        }
    }

    /** The stage's whole invocation: the event read and planned, each finding settled by {@code stage}. */
    public StageHandler.Invocation respondingWith(Stage stage) {
        return (event, context) -> respond(event, stage);
    }

    /**
     * The plumbing alone, for work that is not one finding at a time (a queue batch, a scheduled sweep): the input
     * read whole, the invocation's logging context, the result written as JSON.
     */
    static <T> void invoke(InputStream input, OutputStream output, Context context, ObjectMapper mapper,
                           Function<byte[], T> work) throws IOException {
        byte[] event = input.readAllBytes();
        T result = PowertoolsLogging.withLogging(context, () -> work.apply(event));
        mapper.writeValue(output, result);
    }

    /**
     * Runs work in an X-Ray subsegment {@code ## <name>} with the given annotations, and those its result yields;
     * outside a trace it just runs.
     */
    public static <T> T traced(String name, Map<String, String> annotations, Supplier<T> work,
                               Function<T, Map<String, String>> resultAnnotations) {
        return StageTracing.traced(name, annotations, work, resultAnnotations);
    }

    private StageReport respond(byte[] input, Stage stage) {
        Work work;
        try {
            PlannedEvent event = PlannedEvent.read(input, mapper, planner);
            event.plan().errors().forEach(rejected -> LOG.warn("finding refused, nothing done for it",
                    entry("stage", this.stage), entry("findingId", rejected.findingId()),
                    entry("reason", rejected.reason())));
            event.handoff().failedStages().forEach(failure -> LOG.warn("an earlier stage failed",
                    entry("stage", this.stage), entry("failure", failure)));
            work = stage.plan(event);
        } catch (MalformedEventException e) {
            LOG.error("event refused, nothing done", entry("stage", this.stage), entry("reason", e.getMessage()));
            return new StageReport(this.stage, List.of());
        }
        List<FindingReport> reports = new ArrayList<>();
        RetryableActionException retry = null;
        for (Decision decision : work.findings()) {
            FindingResult result = settle(decision, work.settle());
            reports.add(result.report());
            if (result.retry() != null && retry == null) {
                retry = result.retry();
            } else if (result.retry() != null) {
                retry.addSuppressed(result.retry());
            }
        }
        if (retry != null) {
            throw retry;
        }
        reports.addAll(work.leftAlone());
        return new StageReport(this.stage, reports);
    }

    private FindingResult settle(Decision decision, Function<Decision, FindingResult> settle) {
        String findingId = decision.finding().id();
        MDC.put(CORRELATION_ID, findingId);
        try {
            return StageTracing.traced(stage, Map.of("findingId", findingId, "stage", stage,
                    "action", actionsOf(decision)), () -> settled(findingId, decision, settle),
                    result -> Map.of("outcome", result.outcome()));
        } finally {
            MDC.remove(CORRELATION_ID);
        }
    }

    private static FindingResult settled(String findingId, Decision decision,
                                         Function<Decision, FindingResult> settle) {
        FindingResult result;
        try {
            result = settle.apply(decision);
        } catch (RetryableActionException e) {
            result = FindingResult.toRetry(findingId, e);
        }
        result.notesFailed().forEach(f -> LOG.warn("note not written", entry("errorCode", f.errorCode()),
                entry("detail", f.message())));
        if (result.retry() != null) {
            LOG.warn("finding to be retried", entry("reason", result.retry().getMessage()));
        } else {
            LOG.info("finding settled", entry("acted", result.report().acted()),
                    entry("summary", result.report().summary()));
        }
        return result;
    }

    /** The stage's actions planned or refused for the finding, e.g. {@code QUARANTINE_INSTANCE}; else "none". */
    private String actionsOf(Decision decision) {
        Set<String> named = new TreeSet<>();
        Stream.concat(decision.actions().stream().map(PlannedAction::action),
                        decision.refused().stream().map(Refusal::action))
                .filter(actions::contains).forEach(action -> named.add(action.name()));
        return named.isEmpty() ? "none" : String.join(",", named);
    }
}
