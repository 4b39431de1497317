package dev.hubresponder.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.function.Function;

/**
 * Warm-up work for a SnapStart checkpoint ({@code beforeCheckpoint} of a function's CRaC resource): plans a bundled
 * GuardDuty finding (the C2 example of {@code events/}, under the id {@code hub-responder-priming}) several times
 * and writes the plan as JSON, so that the classes and compiled code of intake, routing, guards and Jackson are in
 * the snapshot instead of being loaded and compiled on the first restored invocation.
 *
 * <p>Harmless by construction: planning decides and does nothing; no AWS call is made, no credentials are
 * resolved, no ledger id, timestamp or random value is created that a restored function could reuse.
 */
public final class PlanningPriming {
    static final String EVENT = "priming-event.json";
    private static final int ROUNDS = 50;

    private PlanningPriming() {
    }

    /** Plans the bundled event {@value #ROUNDS} times and serializes each plan; returns the decisions of the last. */
    public static int prime(Function<JsonNode, Plan> planner, ObjectMapper mapper) {
        JsonNode event = bundledEvent(mapper);
        int decisions = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Plan plan = planner.apply(event);
            decisions = plan.decisions().size();
            try {
                mapper.writeValue(OutputStream.nullOutputStream(), plan.decisions().stream()
                        .map(d -> d.finding().id()).toList());
            } catch (IOException e) {
                throw new UncheckedIOException("priming: cannot serialize the plan of the bundled event", e);
            }
        }
        return decisions;
    }

    private static JsonNode bundledEvent(ObjectMapper mapper) {
        try (InputStream in = PlanningPriming.class.getResourceAsStream(EVENT)) {
            if (in == null) {
                throw new IllegalStateException("priming: " + EVENT + " is missing from the jar");
            }
            return mapper.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("priming: cannot read " + EVENT, e);
        }
    }
}
