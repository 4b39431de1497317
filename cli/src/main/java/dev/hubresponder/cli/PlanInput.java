package dev.hubresponder.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubresponder.finding.FindingIntake;
import dev.hubresponder.finding.MalformedEventException;
import dev.hubresponder.handoff.Handoff;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What {@code ./responder plan} accepts besides an EventBridge event, so that an engineer can try their own
 * exports as they have them: the output of {@code aws securityhub get-findings} ({@code {"Findings":[…]}}), a
 * JSON array of ASFF findings (what Trivy's ASFF template writes for {@code batch-import-findings}), one
 * ASFF finding on its own, a Lambda destination record that wraps an event, or a block queue batch as the SQS
 * event source mapping delivers it ({@code {"Records":[{"body":"<event>"}]}}). The first two are wrapped into a
 * {@code Security Hub Findings - Imported} event exactly as EventBridge would deliver them; a batch's findings are
 * planned together, as BlockAddresses takes them.
 */
final class PlanInput {
    private final ObjectMapper mapper;

    PlanInput(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The input as an event, and a note saying how it was read when it was not an event already. */
    record Read(JsonNode event, Optional<String> note) {
    }

    /**
     * Reads the bytes as the functions do ({@link FindingIntake#parse}: one JSON document, nothing after it); returns
     * empty when they are not (the planner then says why).
     */
    Optional<Read> read(byte[] bytes) {
        JsonNode root;
        try {
            root = FindingIntake.parse(mapper, bytes);
        } catch (MalformedEventException e) {
            return Optional.empty();
        }
        if (root.isArray() && !root.isEmpty() && root.get(0).isObject()
                && root.get(0).has("SchemaVersion")) {
            return Optional.of(new Read(wrap((ArrayNode) root), Optional.of("read as a JSON array of ASFF findings"
                    + " (the batch-import-findings input Trivy's ASFF template writes): " + root.size()
                    + " finding(s) planned as one Security Hub Findings - Imported event")));
        }
        if (!root.isObject()) {
            return Optional.empty();
        }
        if (root.has("requestPayload") && root.has("requestContext")) {
            return Optional.of(new Read(Handoff.unwrap(root).event(),
                    Optional.of("read as a Lambda destination record: planning the event it carries")));
        }
        if (root.path("Records").isArray() && !root.has("detail")) {
            return queueBatch((ArrayNode) root.get("Records"));
        }
        if (root.path("Findings").isArray() && !root.has("detail")) {
            return Optional.of(new Read(wrap((ArrayNode) root.get("Findings")),
                    Optional.of("read as GetFindings output: " + root.get("Findings").size()
                            + " finding(s) planned as one Security Hub Findings - Imported event")));
        }
        if (root.has("SchemaVersion") && root.has("ProductArn") && !root.has("detail")) {
            ArrayNode one = mapper.createArrayNode().add(root);
            return Optional.of(new Read(wrap(one),
                    Optional.of("read as one ASFF finding: planned as a Security Hub Findings - Imported event")));
        }
        if (root.has("service") && root.has("resource") && root.has("type") && !root.has("detail")) {
            return Optional.of(new Read(root, Optional.of("this looks like a GuardDuty finding in GuardDuty's own "
                    + "format; the responder reads findings as Security Hub delivers them (ASFF): export it with "
                    + "'aws securityhub get-findings' instead")));
        }
        return Optional.of(new Read(root, Optional.empty()));
    }

    /** The findings of every readable message body, as one event of the first body's kind. */
    private Optional<Read> queueBatch(ArrayNode records) {
        ObjectNode merged = null;
        ArrayNode findings = mapper.createArrayNode();
        int unreadable = 0;
        for (JsonNode record : records) {
            try {
                JsonNode event = Handoff.unwrap(FindingIntake.parse(mapper,
                        record.path("body").asText().getBytes(StandardCharsets.UTF_8))).event();
                if (merged == null && event.isObject()) {
                    merged = ((ObjectNode) event).deepCopy();
                }
                event.path("detail").path("findings").forEach(findings::add);
            } catch (MalformedEventException e) {
                unreadable++;
            }
        }
        if (merged == null) {
            return Optional.empty();
        }
        merged.putObject("detail").set("findings", findings);
        return Optional.of(new Read(merged, Optional.of("read as a queue batch of " + records.size()
                + " message(s)" + (unreadable > 0 ? " (" + unreadable + " not JSON, skipped)" : "") + ": "
                + findings.size() + " finding(s) planned together, as BlockAddresses takes them")));
    }

    private JsonNode wrap(ArrayNode findings) {
        ObjectNode event = mapper.createObjectNode();
        JsonNode first = findings.isEmpty() ? mapper.createObjectNode() : findings.get(0);
        event.put("version", "0");
        event.put("id", "local-plan");
        event.put("detail-type", "Security Hub Findings - Imported");
        event.put("source", "aws.securityhub");
        event.put("account", first.path("AwsAccountId").asText(""));
        event.put("time", first.path("UpdatedAt").asText(""));
        event.put("region", first.path("Region").asText(""));
        event.putArray("resources");
        event.putObject("detail").set("findings", findings);
        return event;
    }
}
