package dev.hubresponder.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubresponder.config.ResponderConfig;
import dev.hubresponder.finding.CustomAction;
import dev.hubresponder.finding.FindingIntake;
import dev.hubresponder.finding.RejectedFinding;
import dev.hubresponder.finding.SecurityHubEvent;
import dev.hubresponder.policy.Decision;
import dev.hubresponder.policy.ResponsePolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * Intake, routing and guards over one EventBridge event: what every function runs first, and what
 * {@code ./responder plan} prints. Needs no AWS access.
 */
public final class ResponsePlanner {
    private final FindingIntake intake;
    private final ResponsePolicy policy;

    public ResponsePlanner(ResponderConfig config, ObjectMapper mapper) {
        this.intake = new FindingIntake(mapper);
        this.policy = new ResponsePolicy(config);
    }

    /**
     * Decides for every finding of an event.
     *
     * @throws dev.hubresponder.finding.MalformedEventException when the input is not a Security Hub event
     */
    public Plan plan(JsonNode event) {
        return decideAll(intake.read(event));
    }

    /** As {@link #plan(JsonNode)}, from raw JSON bytes. */
    public Plan plan(byte[] json) {
        return decideAll(intake.read(json));
    }

    private Plan decideAll(SecurityHubEvent event) {
        CustomAction action = event.customAction();
        if (action != null && policy.customActionKind(action).isEmpty()) {
            List<RejectedFinding> errors = new ArrayList<>(event.rejected());
            String reason = "custom action " + action.targetArn() + " ('" + action.name()
                    + "') is not one of hub-responder's (RESPONDER_CUSTOM_ACTIONS)";
            event.findings().forEach(f -> errors.add(new RejectedFinding(f.id(), reason)));
            return new Plan(event, List.of(), errors);
        }
        List<Decision> decisions = event.findings().stream()
                .map(finding -> policy.decide(finding, action))
                .toList();
        return new Plan(event, decisions, event.rejected());
    }
}
