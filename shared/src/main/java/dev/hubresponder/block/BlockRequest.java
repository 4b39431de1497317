package dev.hubresponder.block;

import dev.hubresponder.finding.Finding;
import dev.hubresponder.policy.Decision;
import dev.hubresponder.policy.PlannedAction;
import dev.hubresponder.policy.Refusal;
import dev.hubresponder.policy.ResponseAction;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One address the policy decided to block or unblock for a finding, or refused to.
 *
 * @param findingId        the finding it comes from, or {@code operator:<name>} for an operator's unblock
 * @param finding          the finding (provenance in the ledger), or null for an operator's unblock
 * @param action           {@link ResponseAction#BLOCK_ADDRESS} or {@link ResponseAction#UNBLOCK_ADDRESS}
 * @param target           the address, normally the policy's normalized host; checked again before any write
 * @param reason           the policy's reason, or a guard's refusal when {@code refused}
 * @param shadow           record "would have", change nothing
 * @param refused          the policy already refused it; only recorded
 * @param analystRequested an analyst chose a custom action: a block released earlier is blocked again, which a
 *                         redelivered imported finding never does
 */
public record BlockRequest(String findingId, Finding finding, ResponseAction action, String target, String reason,
                           boolean shadow, boolean refused, boolean analystRequested) {
    /** The finding id prefix of an unblock an operator asked for without a finding. */
    public static final String OPERATOR_PREFIX = "operator:";

    public BlockRequest {
        Objects.requireNonNull(findingId, "findingId");
        if (finding != null && !finding.id().equals(findingId)) {
            throw new IllegalArgumentException("finding " + finding.id() + " is not " + findingId);
        }
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(reason, "reason");
        if (action != ResponseAction.BLOCK_ADDRESS && action != ResponseAction.UNBLOCK_ADDRESS) {
            throw new IllegalArgumentException("not a block or unblock: " + action);
        }
    }

    /** The block and unblock actions of one decision, and the ones the policy refused. */
    public static List<BlockRequest> from(Decision decision, boolean analystRequested) {
        List<BlockRequest> requests = new ArrayList<>();
        for (PlannedAction action : decision.actions()) {
            if (action.action() == ResponseAction.BLOCK_ADDRESS || action.action() == ResponseAction.UNBLOCK_ADDRESS) {
                requests.add(new BlockRequest(decision.finding().id(), decision.finding(), action.action(),
                        action.target(), action.reason(), action.shadow(), false, analystRequested));
            }
        }
        for (Refusal refusal : decision.refused()) {
            if (refusal.action() != ResponseAction.BLOCK_ADDRESS && refusal.action() != ResponseAction.UNBLOCK_ADDRESS) {
                continue;
            }
            requests.add(new BlockRequest(decision.finding().id(), decision.finding(), refusal.action(),
                    refusal.target(), refusal.reason(), false, true, analystRequested));
        }
        return requests;
    }

    /**
     * An operator's unblock of one address, outside any finding ({@code ./responder unblock <address>}): recorded
     * under {@code operator:<name>}, and like every unblock it takes out only what the responder added.
     */
    public static BlockRequest operatorUnblock(String address, String operator, String reason) {
        return new BlockRequest(OPERATOR_PREFIX + operator, null, ResponseAction.UNBLOCK_ADDRESS, address, reason,
                false, false, true);
    }
}
