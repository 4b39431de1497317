package dev.hubresponder.containment.credentials;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The inline policy that revokes a role's sessions, as the IAM console's "Revoke active sessions" does: deny every
 * action to credentials whose {@code aws:TokenIssueTime} is before a moment. Sessions issued after that moment (an
 * instance profile's next credentials, a new {@code AssumeRole}) are not affected. The responder puts it under a name
 * of its own and never touches the role's other policies; release deletes exactly this policy.
 */
public final class RevokeSessionsPolicy {
    /** The inline policy name the responder owns on every role it revokes. */
    public static final String NAME = "hub-responder-revoke-older-sessions";

    private RevokeSessionsPolicy() {
    }

    /** The policy document denying every action to sessions issued before {@code issuedBefore}. */
    public static String document(Instant issuedBefore) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"HubResponderRevokeOlderSessions\","
                + "\"Effect\":\"Deny\",\"Action\":[\"*\"],\"Resource\":[\"*\"],\"Condition\":{\"DateLessThan\":"
                + "{\"aws:TokenIssueTime\":\"" + issuedBefore.truncatedTo(ChronoUnit.SECONDS) + "\"}}}]}";
    }
}
