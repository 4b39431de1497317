package dev.hubresponder.block;

import dev.hubresponder.finding.Finding;
import dev.hubresponder.finding.FindingSchema;
import dev.hubresponder.finding.ResourceRole;
import dev.hubresponder.finding.Severity;
import dev.hubresponder.policy.Decision;
import dev.hubresponder.policy.PlannedAction;
import dev.hubresponder.policy.Refusal;
import dev.hubresponder.policy.ResponseAction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Findings and decisions as the policy hands them to the blocking stage. */
final class Fixtures {
    static final String GUARDDUTY = "arn:aws:securityhub:us-east-1::product/aws/guardduty";

    private Fixtures() {
    }

    static Finding finding(String id) {
        Instant at = Instant.parse("2026-11-26T09:00:00Z");
        return new Finding(FindingSchema.ASFF, id, GUARDDUTY, "GuardDuty", "Amazon", "123456789012", "us-east-1",
                List.of("TTPs/Initial Access/UnauthorizedAccess:EC2-SSHBruteForce"), Severity.CRITICAL, 90.0,
                "ACTIVE", "NEW", "brute force", "brute force", at, at, at, List.of(), List.of(), ResourceRole.TARGET,
                Map.of(), null);
    }

    static PlannedAction block(String host) {
        return new PlannedAction(ResponseAction.BLOCK_ADDRESS, host, "attacker of the TARGET resource", false);
    }

    static PlannedAction shadowBlock(String host) {
        return new PlannedAction(ResponseAction.BLOCK_ADDRESS, host, "attacker of the TARGET resource", true);
    }

    static PlannedAction unblock(String host) {
        return new PlannedAction(ResponseAction.UNBLOCK_ADDRESS, host, "custom action HubRespUnblock", false);
    }

    static Decision decision(String findingId, PlannedAction... actions) {
        return new Decision(finding(findingId), List.of(actions), List.of(), "test decision");
    }

    static Decision refusedDecision(String findingId, String target, String reason) {
        return new Decision(finding(findingId), List.of(),
                List.of(new Refusal(ResponseAction.BLOCK_ADDRESS, target, reason)), "test decision");
    }

    /** The requests of imported findings (not an analyst's custom action). */
    static List<BlockRequest> requests(Decision... decisions) {
        List<BlockRequest> requests = new ArrayList<>();
        for (Decision decision : decisions) {
            requests.addAll(BlockRequest.from(decision, false));
        }
        return requests;
    }

    static List<BlockRequest> analystRequests(Decision... decisions) {
        List<BlockRequest> requests = new ArrayList<>();
        for (Decision decision : decisions) {
            requests.addAll(BlockRequest.from(decision, true));
        }
        return requests;
    }
}
