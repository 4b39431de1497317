package dev.hubresponder.aws.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubresponder.audit.FindingNotes;
import dev.hubresponder.aws.SnapStartPriming;
import dev.hubresponder.containment.ContainmentResponse;
import dev.hubresponder.handoff.FindingResult;
import dev.hubresponder.plan.Plan;
import dev.hubresponder.policy.ResponseAction;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Collection;
import java.util.Set;
import java.util.function.Function;

/**
 * The Lambda entry of a stage function: a subclass states its stage's work and where its wiring comes from. A stage
 * that settles findings one at a time states its name, actions and {@link StageRunner.Stage}, and
 * {@link StageRunner} does the rest; one whose work is the whole invocation (a queue batch, a sweep) states an
 * {@link Invocation}, and gets the plumbing around it ({@link StageRunner#invoke}).
 */
public abstract class StageHandler implements RequestStreamHandler {
    private final Invocation work;
    private final ObjectMapper mapper;
    private final FindingNotes notes;
    /** The SnapStart hook, held here so that the CRaC context cannot lose it; null unless primed. */
    private SnapStartPriming priming;

    /**
     * @param notes the stage's Security Hub notes, prepared by the SnapStart hook; null for a stage without one
     */
    protected StageHandler(String name, Collection<ResponseAction> actions, ObjectMapper mapper,
                           Function<JsonNode, Plan> planner, FindingNotes notes, StageRunner.Stage stage) {
        this(mapper, notes, new StageRunner(name, Set.copyOf(actions), mapper, planner).respondingWith(stage));
    }

    /** Whether a handler registers the SnapStart hook: the constructor Lambda calls does, tests' do not. */
    protected enum Priming { ON_SNAPSTART, NONE }

    /**
     * A containment stage ({@link ContainmentResponse}), settling each finding of the event on its own.
     */
    protected StageHandler(ContainmentWiring wiring, Priming priming) {
        this(wiring.response().stage(), wiring.response().actions(), wiring.mapper(), wiring.planner()::plan,
                wiring.notes(), event -> StageRunner.Work.each(event,
                        decision -> FindingResult.of(wiring.response().respond(decision))));
        if (priming == Priming.ON_SNAPSTART) {
            primeOnSnapStart();
        }
    }

    /**
     * @param notes the stage's Security Hub notes, prepared by the SnapStart hook; null for a stage without one
     * @param work  the whole invocation's work; its result is written as JSON
     */
    protected StageHandler(ObjectMapper mapper, FindingNotes notes, Invocation work) {
        this.work = work;
        this.mapper = mapper;
        this.notes = notes;
    }

    /** The work of one invocation, on the event's bytes; its result is what the function returns. */
    @FunctionalInterface
    public interface Invocation {
        Object apply(byte[] event, Context context);
    }

    /**
     * Registers the SnapStart hook ({@link SnapStartPriming}): the constructor Lambda calls does, so that the
     * snapshot holds a function that has planned a finding; tests' constructors do not.
     */
    protected final void primeOnSnapStart() {
        priming = SnapStartPriming.register(System.getenv(), mapper, notes);
    }

    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        StageRunner.invoke(input, output, context, mapper, event -> work.apply(event, context));
    }
}
