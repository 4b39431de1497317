package dev.hubresponder.aws.member;

import dev.hubresponder.config.ConfigurationException;
import java.util.Map;

/**
 * How the containment functions reach accounts and Regions other than the stack's own, read once at init.
 *
 * @param roleName    the member role's name in every member account ({@code RESPONDER_MEMBER_ROLE_NAME}); null when
 *                    none is configured: a single-account deployment, which refuses resources elsewhere
 * @param homeAccount the stack's own account ({@code RESPONDER_HOME_ACCOUNT}); null, as the template leaves it, to learn
 *                    it from STS {@code GetCallerIdentity} on first use: the account of the credentials the function
 *                    runs with, in Lambda and in local runs alike
 * @param homeRegion  the stack's own Region ({@code AWS_REGION}): there, and in {@code homeAccount}, the function's
 *                    own role acts, as in a single-account deployment
 */
public record MemberRoleSettings(String roleName, String homeAccount, String homeRegion) {
    /** The role-name characters IAM accepts (and that stay literal inside an ARN). */
    private static final String ROLE_NAME = "[\\w+=,.@-]{1,64}";

    public MemberRoleSettings {
        if (homeRegion == null || homeRegion.isBlank()) {
            throw new ConfigurationException("AWS_REGION must name the Region the function runs in");
        }
        if (roleName != null && !roleName.matches(ROLE_NAME)) {
            throw new ConfigurationException("RESPONDER_MEMBER_ROLE_NAME: '" + roleName + "' is not an IAM role name"
                    + " (1-64 of letters, digits and +=,.@_-)");
        }
        if (homeAccount != null && !homeAccount.matches("\\d{12}")) {
            throw new ConfigurationException("RESPONDER_HOME_ACCOUNT: '" + homeAccount + "' is not a 12-digit"
                    + " account id");
        }
    }

    /** From {@code RESPONDER_MEMBER_ROLE_NAME}, {@code RESPONDER_HOME_ACCOUNT} and {@code AWS_REGION}. */
    public static MemberRoleSettings fromEnv(Map<String, String> env) {
        return new MemberRoleSettings(blankToNull(env.get("RESPONDER_MEMBER_ROLE_NAME")),
                blankToNull(env.get("RESPONDER_HOME_ACCOUNT")), blankToNull(env.get("AWS_REGION")));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
