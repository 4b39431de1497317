package dev.hubresponder.containment.credentials;

import dev.hubresponder.containment.Change;
import dev.hubresponder.containment.Lookup;
import java.util.List;
import java.util.Map;

/**
 * The IAM calls credential containment makes: the port that {@code dev.hubresponder.aws.iam.SdkIamPrincipals}
 * implements. Every call names the account it acts in, so that the adapter can use that account's client (the
 * stack's own, or a member account's through the member role).
 *
 * <p>Every method answers with an explicit outcome. Only a failure worth retrying (throttling, a 5xx, the network)
 * is thrown, as {@link IamUnavailableException}, so that Lambda retries the delivery and the ledger's completed
 * steps let it resume.
 */
public interface IamPrincipals {

    /** The user, its key and everything the investigation needs about them, read before any change. */
    Lookup<UserKeyEvidence> describeUserKey(String accountId, String userName, String accessKeyId);

    /** The role, its tags and policies, and the responder's revoke policy when the role has it. */
    Lookup<RoleEvidence> describeRole(String accountId, String roleName);

    /** {@code UpdateAccessKey} to {@code Active} or {@code Inactive}; never deletes a key. */
    Change setAccessKeyStatus(String accountId, String userName, String accessKeyId, boolean active);

    /** {@code TagUser}. */
    Change tagUser(String accountId, String userName, Map<String, String> tags);

    /** {@code UntagUser}. */
    Change untagUser(String accountId, String userName, List<String> tagKeys);

    /** {@code PutRolePolicy} of the one inline policy the responder owns ({@link RevokeSessionsPolicy#NAME}). */
    Change putRevokePolicy(String accountId, String roleName, String policyDocument);

    /** {@code DeleteRolePolicy} of that policy only; a role without it is {@link dev.hubresponder.containment.ChangeStatus#MISSING}. */
    Change deleteRevokePolicy(String accountId, String roleName);

    /** {@code TagRole}. */
    Change tagRole(String accountId, String roleName, Map<String, String> tags);

    /** {@code UntagRole}. */
    Change untagRole(String accountId, String roleName, List<String> tagKeys);

    /**
     * An IAM user's access key and the user around it, as evidence and for the guards.
     *
     * @param userName           the user
     * @param userArn            the user's ARN (with its path)
     * @param accessKeyId        the key
     * @param status             {@code Active} or {@code Inactive}
     * @param createdAt          when the key was created (ISO-8601), or null
     * @param lastUsedAt         when it was last used (ISO-8601), or null when never
     * @param lastUsedService    the service it was last used with, or null
     * @param lastUsedRegion     the Region it was last used in, or null
     * @param otherKeys          the user's other keys and their status ({@code AKIA…=Active})
     * @param attachedPolicies   names of the managed policies attached to the user
     * @param inlinePolicies     names of the user's inline policies
     * @param groups             the user's groups
     * @param tags               the user's tags (the protection tag is read here)
     */
    record UserKeyEvidence(String userName, String userArn, String accessKeyId, String status, String createdAt,
                           String lastUsedAt, String lastUsedService, String lastUsedRegion,
                           Map<String, String> otherKeys, List<String> attachedPolicies,
                           List<String> inlinePolicies, List<String> groups, Map<String, String> tags) {
        public UserKeyEvidence {
            otherKeys = Map.copyOf(otherKeys);
            attachedPolicies = List.copyOf(attachedPolicies);
            inlinePolicies = List.copyOf(inlinePolicies);
            groups = List.copyOf(groups);
            tags = Map.copyOf(tags);
        }
    }

    /**
     * A role, as evidence and for the guards.
     *
     * @param roleName             the role
     * @param roleArn              its ARN (with its path)
     * @param path                 its path ({@code /aws-service-role/…} for a service-linked role)
     * @param attachedPolicies     names of the managed policies attached to it
     * @param inlinePolicies       names of its inline policies
     * @param tags                 its tags (the protection tag is read here)
     * @param revokePolicyDocument the responder's revoke policy as it stands on the role, or null when absent
     */
    record RoleEvidence(String roleName, String roleArn, String path, List<String> attachedPolicies,
                        List<String> inlinePolicies, Map<String, String> tags, String revokePolicyDocument) {
        public RoleEvidence {
            attachedPolicies = List.copyOf(attachedPolicies);
            inlinePolicies = List.copyOf(inlinePolicies);
            tags = Map.copyOf(tags);
        }
    }
}
