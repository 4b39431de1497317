package dev.hubresponder.functions.alert;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubresponder.finding.EventKind;
import dev.hubresponder.finding.MalformedEventException;
import dev.hubresponder.finding.SecurityHubEvent;
import dev.hubresponder.plan.Plan;
import dev.hubresponder.policy.Decision;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Stands in for {@code ResponsePlanner::plan} while intake and policy are stubs on main: answers each finding id of
 * a Security Hub event with the decision the test registered for it. It insists on receiving the original
 * EventBridge event (not an envelope), so that the tests still prove the hand-over is unwrapped. Replace with
 * {@code new ResponsePlanner(config, mapper)::plan} once the policy is implemented.
 */
final class StandInPlanner implements Function<JsonNode, Plan> {
    private final Map<String, Decision> decisions = new HashMap<>();

    StandInPlanner decide(Decision decision) {
        decisions.put(decision.finding().id(), decision);
        return this;
    }

    @Override
    public Plan apply(JsonNode event) {
        EventKind kind = EventKind.fromDetailType(event.path("detail-type").asText());
        if (kind == null || !"aws.securityhub".equals(event.path("source").asText())) {
            throw new MalformedEventException("not a Security Hub event: detail-type '"
                    + event.path("detail-type").asText() + "'");
        }
        List<Decision> planned = new ArrayList<>();
        for (JsonNode finding : event.path("detail").path("findings")) {
            Decision decision = decisions.get(finding.path("Id").asText());
            if (decision == null) {
                throw new IllegalStateException("the test registered no decision for " + finding.path("Id"));
            }
            planned.add(decision);
        }
        return new Plan(new SecurityHubEvent(kind, event.path("id").asText(), event.path("account").asText(),
                event.path("region").asText(), null, planned.stream().map(Decision::finding).toList(), List.of()),
                planned, List.of());
    }
}
