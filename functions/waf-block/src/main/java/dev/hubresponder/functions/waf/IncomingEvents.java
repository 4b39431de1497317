package dev.hubresponder.functions.waf;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubresponder.finding.MalformedEventException;
import dev.hubresponder.finding.RejectedFinding;
import dev.hubresponder.handoff.Handoff;
import dev.hubresponder.plan.Plan;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Security Hub events of one invocation, planned: one EventBridge event (directly, or inside Lambda destination
 * envelopes), or an SQS batch of them (an EventBridge rule feeding a queue, so that a burst of findings is coalesced
 * into one invocation and one write per set). A body or event that cannot be read is logged with its reason and
 * skipped; it never stops the others.
 */
final class IncomingEvents {
    private static final Logger LOG = LoggerFactory.getLogger(IncomingEvents.class);

    private IncomingEvents() {
    }

    static List<Plan> plan(byte[] input, ObjectMapper mapper, Function<JsonNode, Plan> planner) {
        List<Plan> plans = new ArrayList<>();
        for (JsonNode event : events(input, mapper)) {
            try {
                Plan plan = planner.apply(Handoff.unwrap(event).event());
                for (RejectedFinding rejected : plan.errors()) {
                    LOG.warn("finding rejected; nothing done for it", entry("findingId", rejected.findingId()),
                            entry("reason", rejected.reason()));
                }
                plans.add(plan);
            } catch (MalformedEventException e) {
                LOG.error("event is not a Security Hub event; nothing done", entry("reason", e.getMessage()));
            }
        }
        return plans;
    }

    private static List<JsonNode> events(byte[] input, ObjectMapper mapper) {
        JsonNode root;
        try {
            root = mapper.readTree(input);
        } catch (java.io.IOException e) {
            LOG.error("input is not JSON; nothing done", entry("reason", e.getMessage()));
            return List.of();
        }
        JsonNode records = root == null ? null : root.get("Records");
        if (records == null || !records.isArray()) {
            return root == null ? List.of() : List.of(root);
        }
        List<JsonNode> events = new ArrayList<>();
        for (JsonNode record : records) {
            try {
                events.add(mapper.readTree(record.path("body").asText()));
            } catch (JsonProcessingException e) {
                LOG.error("queued message is not JSON; skipped", entry("messageId", record.path("messageId").asText()),
                        entry("reason", e.getOriginalMessage()));
            }
        }
        return events;
    }
}
