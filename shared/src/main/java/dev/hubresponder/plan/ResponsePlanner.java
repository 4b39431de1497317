package dev.hubresponder.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubresponder.config.ResponderConfig;
import dev.hubresponder.finding.CustomAction;
import dev.hubresponder.finding.Finding;
import dev.hubresponder.finding.FindingIntake;
import dev.hubresponder.finding.MalformedEventException;
import dev.hubresponder.finding.RejectedFinding;
import dev.hubresponder.finding.SecurityHubEvent;
import dev.hubresponder.metrics.ResponderMetrics;
import dev.hubresponder.policy.Decision;
import dev.hubresponder.policy.Refusal;
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
    private final ResponderMetrics metrics;
    private final boolean killSwitch;

    /** A planner that counts nothing: the local runner and tests. */
    public ResponsePlanner(ResponderConfig config, ObjectMapper mapper) {
        this(config, mapper, ResponderMetrics.NONE);
    }

    /** A planner that counts events and findings refused at intake, findings received and decisions made. */
    public ResponsePlanner(ResponderConfig config, ObjectMapper mapper, ResponderMetrics metrics) {
        this.intake = new FindingIntake(mapper);
        this.policy = new ResponsePolicy(config);
        this.metrics = metrics;
        this.killSwitch = config.killSwitch();
    }

    /**
     * Decides for every finding of an event.
     *
     * @throws dev.hubresponder.finding.MalformedEventException when the input is not a Security Hub event
     */
    public Plan plan(JsonNode event) {
        return decideAll(read(() -> intake.read(event)));
    }

    /** As {@link #plan(JsonNode)}, from raw JSON bytes. */
    public Plan plan(byte[] json) {
        return decideAll(read(() -> intake.read(json)));
    }

    private SecurityHubEvent read(java.util.function.Supplier<SecurityHubEvent> reader) {
        try {
            return reader.get();
        } catch (MalformedEventException e) {
            metrics.eventRejected();
            throw e;
        }
    }

    private Plan decideAll(SecurityHubEvent event) {
        CustomAction action = event.customAction();
        if (action != null && policy.customActionKind(action).isEmpty()) {
            List<RejectedFinding> errors = new ArrayList<>(event.rejected());
            String reason = "custom action " + action.targetArn() + " ('" + action.name()
                    + "') is not one of hub-responder's (RESPONDER_CUSTOM_ACTIONS)";
            event.findings().forEach(f -> errors.add(new RejectedFinding(f.id(), reason)));
            count(List.of(), errors);
            return new Plan(event, List.of(), errors);
        }
        List<Decision> decisions = new ArrayList<>(event.findings().size());
        for (Finding finding : event.findings()) {
            decisions.add(policy.decide(finding, action));
        }
        count(decisions, event.rejected());
        return new Plan(event, decisions, event.rejected());
    }

    private void count(List<Decision> decisions, List<RejectedFinding> rejected) {
        rejected.forEach(r -> metrics.findingRejected());
        for (Decision d : decisions) {
            metrics.findingReceived(d.finding().severity());
            metrics.decisionMade(d.finding().severity(), d.actions().size(), d.refused().size());
            if (killSwitch) {
                int containments = 0;
                for (Refusal refusal : d.refused()) {
                    containments += refusal.action().isContainment() ? 1 : 0;
                }
                if (containments > 0) {
                    metrics.killSwitchRefused(containments);
                }
            }
        }
    }
}
