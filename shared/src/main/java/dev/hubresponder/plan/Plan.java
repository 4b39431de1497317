package dev.hubresponder.plan;

import dev.hubresponder.finding.RejectedFinding;
import dev.hubresponder.finding.SecurityHubEvent;
import dev.hubresponder.policy.Decision;
import java.util.List;

/**
 * What the responder decided for every finding of one event, and the findings it could not read.
 *
 * @param event     the event after intake
 * @param decisions one decision per readable finding, in the event's order
 * @param errors    findings that could not be read, with reasons
 */
public record Plan(SecurityHubEvent event, List<Decision> decisions, List<RejectedFinding> errors) {
    public Plan {
        decisions = List.copyOf(decisions);
        errors = List.copyOf(errors);
    }
}
