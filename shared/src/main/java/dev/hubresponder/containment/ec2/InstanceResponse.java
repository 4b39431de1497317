package dev.hubresponder.containment.ec2;

import dev.hubresponder.action.ActionRunner;
import dev.hubresponder.audit.AuditTrail;
import dev.hubresponder.containment.ContainmentResponse;
import dev.hubresponder.containment.ContainmentResponse.Move;
import dev.hubresponder.policy.ResponseAction;

/**
 * The quarantine stage for one event: every {@link ResponseAction#QUARANTINE_INSTANCE} and
 * {@link ResponseAction#RELEASE_INSTANCE} action of each decision, as a {@link ContainmentResponse}.
 */
public final class InstanceResponse {
    /** The stage's name in the {@link dev.hubresponder.handoff.StageReport}. */
    public static final String STAGE = "QuarantineInstance";

    private InstanceResponse() {
    }

    public static ContainmentResponse of(QuarantineInstance quarantine, ReleaseInstance release, ActionRunner runner,
                                         AuditTrail audit) {
        return new ContainmentResponse(STAGE, new Move(ResponseAction.QUARANTINE_INSTANCE, quarantine::quarantine),
                new Move(ResponseAction.RELEASE_INSTANCE, release::release), release::releasedQuarantine,
                "no instance to quarantine or release", runner, audit);
    }
}
