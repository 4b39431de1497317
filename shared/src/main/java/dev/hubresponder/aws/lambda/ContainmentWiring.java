package dev.hubresponder.aws.lambda;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubresponder.audit.FindingNotes;
import dev.hubresponder.containment.ContainmentResponse;
import dev.hubresponder.plan.ResponsePlanner;

/**
 * What the handler of a containment function (quarantine, credentials) takes from its wiring: the stage, the planner
 * and mapper it plans with, and the Security Hub notes the SnapStart hook prepares.
 */
public interface ContainmentWiring {
    ObjectMapper mapper();

    ResponsePlanner planner();

    ContainmentResponse response();

    FindingNotes notes();
}
