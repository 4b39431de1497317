package dev.hubresponder.containment.credentials;

import dev.hubresponder.action.ActionRunner;
import dev.hubresponder.audit.AuditTrail;
import dev.hubresponder.containment.ContainmentResponse;
import dev.hubresponder.containment.ContainmentResponse.Move;
import dev.hubresponder.policy.ResponseAction;

/**
 * The credentials stage for one event: every {@link ResponseAction#REVOKE_CREDENTIALS} and
 * {@link ResponseAction#RELEASE_CREDENTIALS} action of each decision, as a {@link ContainmentResponse}.
 */
public final class CredentialResponse {
    /** The stage's name in the {@link dev.hubresponder.handoff.StageReport}. */
    public static final String STAGE = "RevokeCredentials";

    private CredentialResponse() {
    }

    public static ContainmentResponse of(RevokeCredentials revoke, ReleaseCredentials release, ActionRunner runner,
                                         AuditTrail audit) {
        return new ContainmentResponse(STAGE, new Move(ResponseAction.REVOKE_CREDENTIALS, revoke::revoke),
                new Move(ResponseAction.RELEASE_CREDENTIALS, release::release), release::releasedRevocation,
                "no credentials to revoke or release", runner, audit);
    }
}
