package dev.hubresponder.policy;

import dev.hubresponder.finding.Finding;
import dev.hubresponder.finding.ResourceRole;
import dev.hubresponder.finding.Severity;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * One rule of a {@link Playbook}: which findings it matches (producer, type patterns, minimum severity, the
 * resource's role) and what it decides for them.
 *
 * @param name        unique within the playbook; shown by {@code plan}, in the ledger and in alerts
 * @param producer    {@code company/product} from the product ARN ({@code aws/guardduty}), or {@code *}
 * @param types       glob patterns ({@code *} = any characters, case-insensitive) over GuardDuty type names
 *                    ({@code Backdoor:EC2/C&CActivity.B!DNS}) and over the finding's ASFF types as written
 * @param minSeverity the lowest severity label the rule applies to
 * @param maxSeverity the highest severity label the rule applies to
 * @param role        ACTOR, TARGET, NONE (the finding states no role) or ANY
 * @param verdict     what to do
 * @param blockPeers  which public peers to block (CONTAIN and BLOCK only)
 * @param why         one sentence saying why, shown with the decision
 */
public record PlaybookRule(String name, String producer, List<String> types, Severity minSeverity,
                           Severity maxSeverity, RoleMatch role,
                           Verdict verdict, PeerBlocking blockPeers, String why) {

    /** Which resource roles a rule matches. */
    public enum RoleMatch {
        ACTOR, TARGET, NONE, ANY;

        boolean matches(ResourceRole role) {
            return switch (this) {
                case ANY -> true;
                case ACTOR -> role == ResourceRole.ACTOR;
                case TARGET -> role == ResourceRole.TARGET;
                case NONE -> role == ResourceRole.UNKNOWN;
            };
        }
    }

    public PlaybookRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(producer, "producer");
        types = List.copyOf(types);
        Objects.requireNonNull(minSeverity, "minSeverity");
        Objects.requireNonNull(maxSeverity, "maxSeverity");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(blockPeers, "blockPeers");
    }

    /**
     * The first of the finding's type names that one of the patterns matches when the rule applies to a finding from
     * this producer ({@code company/product}) with these GuardDuty type names ({@link Finding#guardDutyTypes()}),
     * else null.
     */
    String matchedType(Finding finding, String findingProducer, List<String> guardDutyTypes) {
        if (!"*".equals(producer) && !producer.equalsIgnoreCase(findingProducer)) {
            return null;
        }
        if (finding.severity().compareTo(minSeverity) < 0 || finding.severity().compareTo(maxSeverity) > 0
                || !role.matches(finding.resourceRole())) {
            return null;
        }
        return matchedType(finding.types(), guardDutyTypes);
    }

    /** The first of the type names that one of the patterns matches, GuardDuty's names first, or null. */
    private String matchedType(List<String> types, List<String> guardDutyTypes) {
        for (String pattern : this.types) {
            Pattern compiled = glob(pattern);
            for (String name : guardDutyTypes) {
                if (compiled.matcher(name).matches()) {
                    return name;
                }
            }
            for (String type : types) {
                if (compiled.matcher(type).matches()) {
                    return type;
                }
            }
        }
        return null;
    }

    private static final Map<String, Pattern> COMPILED = new ConcurrentHashMap<>();

    static Pattern glob(String pattern) {
        return COMPILED.computeIfAbsent(pattern, PlaybookRule::compile);
    }

    private static Pattern compile(String pattern) {
        StringBuilder regex = new StringBuilder(pattern.length() + 8);
        for (String part : pattern.split("\\*", -1)) {
            if (regex.length() > 0) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    }

    @Override
    public String toString() {
        return name + " (" + producer + " " + types + " " + minSeverity + "-" + maxSeverity + ", role "
                + role.name().toLowerCase(Locale.ROOT) + " → " + verdict + ")";
    }
}
