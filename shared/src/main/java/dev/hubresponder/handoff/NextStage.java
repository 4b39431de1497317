package dev.hubresponder.handoff;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * The stage after this one, reached the way a Lambda destination reaches it: an asynchronous invocation with an
 * {@link InvocationRecord}. Used by stages that are not invoked asynchronously themselves (a queue-fed stage).
 */
public interface NextStage {

    /**
     * Hands every record over.
     *
     * @param records the records to send, by an id of the caller's (a queue message id)
     * @return the ids that could not be handed over, each with the reason; empty when all were accepted
     */
    Map<String, String> handOver(Map<String, JsonNode> records);
}
