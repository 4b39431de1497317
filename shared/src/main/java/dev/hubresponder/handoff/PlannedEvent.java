package dev.hubresponder.handoff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.hubresponder.finding.FindingIntake;
import dev.hubresponder.finding.MalformedEventException;
import dev.hubresponder.plan.Plan;
import java.util.function.Function;

/**
 * One invocation's input as every stage reads it: JSON, unwrapped from any Lambda destination records, planned.
 *
 * @param handoff what earlier stages reported, and the original event
 * @param plan    what the policy decided for its findings
 */
public record PlannedEvent(Handoff handoff, Plan plan) {

    /**
     * Reads and plans the input.
     *
     * @param planner the stage's planner; input that is not JSON is also handed to it (as nothing), so that it
     *                counts the rejection with the other rejected events
     * @throws MalformedEventException when the input is not JSON or not a Security Hub event, saying why
     */
    public static PlannedEvent read(byte[] input, ObjectMapper mapper, Function<JsonNode, Plan> planner) {
        JsonNode root;
        try {
            root = FindingIntake.parse(mapper, input);
        } catch (MalformedEventException e) {
            rejectCounted(planner);
            throw e;
        }
        Handoff handoff = Handoff.unwrap(root);
        return new PlannedEvent(handoff, planner.apply(handoff.event()));
    }

    private static void rejectCounted(Function<JsonNode, Plan> planner) {
        try {
            planner.apply(MissingNode.getInstance());
        } catch (MalformedEventException expected) {
            // the planner refuses it and counts it; the caller throws the specific reason
        }
    }
}
