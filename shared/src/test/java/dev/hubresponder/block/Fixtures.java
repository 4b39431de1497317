package dev.hubresponder.block;

import dev.hubresponder.finding.Finding;
import dev.hubresponder.policy.Decision;
import dev.hubresponder.policy.PlannedAction;
import dev.hubresponder.policy.Refusal;
import dev.hubresponder.policy.ResponseAction;
import dev.hubresponder.testing.TestFindings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Findings and decisions as the policy hands them to the blocking stage. */
final class Fixtures {
    static final String GUARDDUTY = TestFindings.GUARDDUTY;

    private Fixtures() {
    }

    static Finding finding(String id) {
        return TestFindings.guardDuty(id, "123456789012", Instant.parse("2026-11-26T09:00:00Z"));
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
