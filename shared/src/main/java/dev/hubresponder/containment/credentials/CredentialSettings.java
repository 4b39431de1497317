package dev.hubresponder.containment.credentials;

import dev.hubresponder.config.ConfigurationException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How credential containment runs, read once from the environment and validated at init.
 *
 * @param neverRevoke ARN patterns of principals never revoked, {@code *} matching any run of characters
 *                    ({@code RESPONDER_NEVER_REVOKE_PRINCIPALS}): the responder's own roles, the deploy role,
 *                    break-glass principals. Compared case-insensitively (IAM names are unique regardless of case)
 *                    with the principal's ARN both with and without its path.
 */
public record CredentialSettings(List<String> neverRevoke) {
    /** The variable holding the never-revoke patterns. */
    public static final String NEVER_REVOKE_VARIABLE = "RESPONDER_NEVER_REVOKE_PRINCIPALS";

    public CredentialSettings {
        neverRevoke = List.copyOf(neverRevoke);
    }

    /**
     * @throws ConfigurationException naming the variable when a pattern is not an IAM ARN pattern
     */
    public static CredentialSettings fromEnv(Map<String, String> env) {
        String value = env.getOrDefault(NEVER_REVOKE_VARIABLE, "");
        List<String> patterns = Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        for (String pattern : patterns) {
            if (!pattern.startsWith("arn:") || !pattern.contains(":iam::")) {
                throw new ConfigurationException(NEVER_REVOKE_VARIABLE + ": '" + pattern + "' is not an IAM ARN"
                        + " pattern (arn:aws:iam::<account>:role/<name>, * allowed)");
            }
        }
        return new CredentialSettings(patterns);
    }

    /** The first pattern one of these ARNs matches, or null. */
    public String neverRevokeMatch(String... arns) {
        for (String pattern : neverRevoke) {
            Pattern regex = Pattern.compile(Arrays.stream(pattern.toLowerCase(Locale.ROOT).split("\\*", -1))
                    .map(Pattern::quote).reduce((a, b) -> a + ".*" + b).orElse(""));
            for (String arn : arns) {
                if (arn != null && regex.matcher(arn.toLowerCase(Locale.ROOT)).matches()) {
                    return pattern;
                }
            }
        }
        return null;
    }
}
