package dev.hubresponder.containment.credentials;

import dev.hubresponder.action.ActionRunner;
import dev.hubresponder.audit.AuditTrail;
import dev.hubresponder.containment.ContainmentResponse;
import dev.hubresponder.containment.ContainmentResponse.Move;
import dev.hubresponder.policy.ResponseAction;
import java.util.List;

/**
 * The credentials stage for one event: every {@link ResponseAction#REVOKE_CREDENTIALS} and {@link ResponseAction#RELEASE_CREDENTIALS} action of
 * each decision, as a {@link ContainmentResponse}.
 */
public final class CredentialResponse {
    /** The stage's name in the {@link dev.hubresponder.handoff.StageReport}. */
    public static final String STAGE = "RevokeCredentials";
    /** The actions this stage carries out. */
    public static final List<ResponseAction> ACTIONS = List.of(ResponseAction.REVOKE_CREDENTIALS, ResponseAction.RELEASE_CREDENTIALS);

    private CredentialResponse() {
    }

    public static ContainmentResponse of(RevokeCredentials revoke, ReleaseCredentials release, ActionRunner runner, AuditTrail audit) {
        return new ContainmentResponse(STAGE, new Move(ResponseAction.REVOKE_CREDENTIALS, revoke::revoke),
                new Move(ResponseAction.RELEASE_CREDENTIALS, release::release), release::releasedRevocation,
                "no credentials to revoke or release", runner, audit);
    }
}
