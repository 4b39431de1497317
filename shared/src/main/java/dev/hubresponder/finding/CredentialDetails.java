package dev.hubresponder.finding;

import java.util.List;
import java.util.Objects;

/**
 * The AWS credentials an IAM finding names, read from an {@code AwsIamAccessKey} resource (GuardDuty's IAM findings:
 * {@code AKIA…} for an IAM user's long-term key, {@code ASIA…} for a role session) or an {@code AwsIamRole} resource.
 * What the responder can revoke follows from {@link #kind()}: a user's key is deactivated, a role's sessions issued
 * before now are denied; the account root and anything else are refused.
 *
 * @param kind          what the credentials are, and so what revoking them means
 * @param accessKeyId   the access key id ({@code AKIA…}, {@code ASIA…}), or null when the finding names none
 * @param principalType as the producer wrote it ({@code IAMUser}, {@code AssumedRole}, {@code Root}, …), or null
 * @param principalId   the principal id ({@code AIDA…}, {@code AROA…:session}), or null
 * @param userName      the IAM user whose key it is ({@link Kind#USER_KEY}), else null
 * @param roleName      the role whose session it is ({@link Kind#ROLE_SESSION}), else null
 * @param roleArn       that role's ARN without its path ({@code arn:aws:iam::<account>:role/<name>}), else null
 * @param rolePath      the role's path when the finding gives the issuer's ARN ({@code /aws-service-role/…} for a
 *                      service-linked role), else null (checked live before acting)
 * @param accountId     the account the credentials belong to
 * @param apiCalls      the API calls the finding saw made with them ({@code iam.amazonaws.com:ListAccessKeys}),
 *                      recorded as evidence
 */
public record CredentialDetails(Kind kind, String accessKeyId, String principalType, String principalId,
                                String userName, String roleName, String roleArn, String rolePath,
                                String accountId, List<String> apiCalls) {

    /** What kind of credentials, for what revoking them means. */
    public enum Kind {
        /** An IAM user's long-term access key ({@code AKIA…}): deactivated. */
        USER_KEY,
        /** Temporary credentials of an assumed role ({@code ASIA…}): the role's older sessions are denied. */
        ROLE_SESSION,
        /** The account root user: never touched. */
        ROOT,
        /** Anything else (a federated user, a user's session token, no principal named): refused with a reason. */
        OTHER
    }

    /** The path of AWS service-linked roles, which only their service may change. */
    public static final String SERVICE_LINKED_PATH_PREFIX = "/aws-service-role/";

    public CredentialDetails {
        Objects.requireNonNull(kind, "kind");
        apiCalls = List.copyOf(apiCalls);
    }

    /**
     * What a revocation acts on and the ledger records it under: the access key id of a user's key, the role's ARN
     * for a role session (so that {@code ./responder release <role-arn>} finds it), else the key id or the
     * principal's name.
     */
    public String target() {
        return switch (kind) {
            case USER_KEY -> accessKeyId;
            case ROLE_SESSION -> roleArn;
            case ROOT, OTHER -> accessKeyId != null ? accessKeyId : principalType != null ? principalType : "unknown";
        };
    }

    /** True when the finding shows the role is service-linked (its path); the live role is checked again. */
    public boolean isServiceLinkedRole() {
        return rolePath != null && rolePath.startsWith(SERVICE_LINKED_PATH_PREFIX);
    }

    /** Why these credentials are never revoked, from the finding alone, or null when they may be. */
    public String refusal() {
        return switch (kind) {
            case USER_KEY -> null;
            case ROLE_SESSION -> isServiceLinkedRole() ? roleArn + " is a service-linked role (path " + rolePath
                    + "): only its AWS service may change it" : null;
            case ROOT -> "the credentials are the account root user's: the responder never touches root; sign in"
                    + " as root, delete its access keys and check its MFA by hand";
            case OTHER -> "credentials " + target() + " of principal type " + (principalType == null ? "unknown"
                    : principalType) + " are neither an IAM user's access key nor a role session: revoke them by"
                    + " hand (a user's session token ends when the user's keys are deactivated)";
        };
    }
}
