package dev.hubresponder.handoff;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * How one stage of the response hands a finding to the next: containment → ticket → alert.
 *
 * <p>Stages are chained with Lambda destinations (the template's {@code EventInvokeConfig}): when a stage finishes,
 * Lambda invokes the next one with an envelope {@code {"requestContext":{"condition":…},"requestPayload":…,
 * "responsePayload":…}}, where the request payload is what the previous stage received (itself an envelope after
 * the first stage) and the response payload what it returned. The original EventBridge event is at the bottom.
 * A stage that failed after its retries still hands over (condition {@code RetriesExhausted} or similar), so that a
 * broken containment still produces a ticket and an alert that say so.
 *
 * @param event           the original EventBridge event
 * @param previousReports what earlier stages returned, the nearest stage first; empty for a direct trigger
 * @param failedStages    error messages of earlier stages that failed after retries, nearest first
 */
public record Handoff(JsonNode event, List<JsonNode> previousReports, List<String> failedStages) {

    public Handoff {
        previousReports = List.copyOf(previousReports);
        failedStages = List.copyOf(failedStages);
    }

    /** True when an earlier stage handed this event over (rather than EventBridge delivering it directly). */
    public boolean isHandedOver() {
        return !previousReports.isEmpty() || !failedStages.isEmpty();
    }

    /** Unwraps any number of destination envelopes; an event that is not wrapped comes back as it is. */
    public static Handoff unwrap(JsonNode input) {
        List<JsonNode> reports = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        JsonNode current = input;
        while (current != null && current.isObject() && current.has("requestPayload")
                && current.has("requestContext")) {
            String condition = current.path("requestContext").path("condition").asText("");
            JsonNode response = current.path("responsePayload");
            if ("Success".equals(condition)) {
                reports.add(response);
            } else {
                failures.add(condition + ": " + response.path("errorMessage").asText(response.toString()));
            }
            current = current.get("requestPayload");
        }
        return new Handoff(current, reports, failures);
    }
}
