package dev.hubresponder.functions.waf;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.hubresponder.finding.Finding;
import dev.hubresponder.finding.FindingIntake;
import dev.hubresponder.finding.MalformedEventException;
import dev.hubresponder.finding.RejectedFinding;
import dev.hubresponder.handoff.Handoff;
import dev.hubresponder.plan.Plan;
import dev.hubresponder.policy.Decision;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Security Hub events of one invocation, planned: one EventBridge event delivered directly (the analyst's custom
 * actions, or {@code ./responder invoke}), or a batch from the block queue (the SQS event source mapping's
 * {@code {"Records":[…]}}), which is how threat findings arrive so that a burst becomes one write per set. A body or
 * event that cannot be read is logged with its reason and skipped; it never stops the others.
 *
 * @param queued     true for a queue batch: the stage then hands over by itself and reports failed messages
 * @param deliveries the planned events, in the order received
 */
record IncomingEvents(boolean queued, List<Delivery> deliveries) {
    private static final Logger LOG = LoggerFactory.getLogger(IncomingEvents.class);

    IncomingEvents {
        deliveries = List.copyOf(deliveries);
    }

    /**
     * One planned event.
     *
     * @param messageId    the queue message id; null for a direct delivery
     * @param receiveCount how many times the queue has delivered the message (1 for a direct delivery)
     * @param event        the EventBridge event
     * @param plan         what the policy decided for its findings
     */
    record Delivery(String messageId, int receiveCount, JsonNode event, Plan plan) {
        List<Finding> findings() {
            return plan.decisions().stream().map(Decision::finding).toList();
        }
    }

    static IncomingEvents read(byte[] input, ObjectMapper mapper, Function<JsonNode, Plan> planner) {
        JsonNode root;
        try {
            root = FindingIntake.parse(mapper, input);
        } catch (MalformedEventException e) {
            LOG.error("input is not JSON; nothing done", entry("reason", e.getMessage()));
            planned(TextNode.valueOf(""), planner); // refused by the planner too, so that it is counted
            return new IncomingEvents(false, List.of());
        }
        JsonNode records = root == null ? null : root.get("Records");
        if (records == null || !records.isArray()) {
            List<Delivery> direct = new ArrayList<>();
            if (root != null) {
                JsonNode event = Handoff.unwrap(root).event();
                planned(event, planner).ifPresent(plan -> direct.add(new Delivery(null, 1, event, plan)));
            }
            return new IncomingEvents(false, direct);
        }
        List<Delivery> queued = new ArrayList<>();
        for (JsonNode record : records) {
            String messageId = record.path("messageId").asText();
            JsonNode event;
            try {
                event = Handoff.unwrap(FindingIntake.parse(mapper,
                        record.path("body").asText().getBytes(StandardCharsets.UTF_8))).event();
            } catch (MalformedEventException e) {
                LOG.error("queued message is not JSON; skipped", entry("messageId", messageId),
                        entry("reason", e.getMessage()));
                // The planner rejects it too, so that it is counted with the other rejected events.
                planned(TextNode.valueOf(record.path("body").asText()), planner);
                continue;
            }
            int receiveCount = record.path("attributes").path("ApproximateReceiveCount").asInt(1);
            planned(event, planner).ifPresent(plan -> queued.add(new Delivery(messageId, receiveCount, event, plan)));
        }
        return new IncomingEvents(true, queued);
    }

    private static java.util.Optional<Plan> planned(JsonNode event, Function<JsonNode, Plan> planner) {
        try {
            Plan plan = planner.apply(event);
            for (RejectedFinding rejected : plan.errors()) {
                LOG.warn("finding rejected; nothing done for it", entry("findingId", rejected.findingId()),
                        entry("reason", rejected.reason()));
            }
            return java.util.Optional.of(plan);
        } catch (MalformedEventException e) {
            LOG.error("event is not a Security Hub event; nothing done", entry("reason", e.getMessage()));
            return java.util.Optional.empty();
        }
    }
}
