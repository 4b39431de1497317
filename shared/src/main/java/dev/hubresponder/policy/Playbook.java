package dev.hubresponder.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubresponder.config.ConfigurationException;
import dev.hubresponder.finding.Finding;
import dev.hubresponder.finding.ResourceRole;
import dev.hubresponder.finding.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A response playbook: an ordered list of {@link PlaybookRule}s, the first that matches a finding decides. Findings
 * no rule matches fall back to the severity tiers ({@code RESPONDER_*_SEVERITIES}).
 *
 * <p>The shipped playbook ({@value #DEFAULT_RESOURCE}) is derived from GuardDuty's published finding types; a
 * deployment adds rules before it, or replaces it, with {@code RESPONDER_PLAYBOOK} (template parameter
 * {@code PlaybookRules}). The format, and the schema every rule is checked against when the function starts, is
 * in {@code docs/playbooks.md}; a rule that breaks it stops the function at init with a message naming the rule.
 *
 * <p>Rules that would be unsafe are refused when the playbook is read, not when a finding arrives: CONTAIN on a
 * TARGET (the victim), blocking in a verdict that does not act, BLOCK that blocks nothing.
 */
public final class Playbook {
    /** The classpath resource of the shipped playbook. */
    public static final String DEFAULT_RESOURCE = "/playbook/default-playbook.json";
    private static final Set<String> RULE_FIELDS =
            Set.of("name", "producer", "types", "minSeverity", "maxSeverity", "role", "decision", "blockPeers",
                    "why");
    private static final Set<String> OVERRIDE_FIELDS = Set.of("rules", "defaults", "version");

    private static final int MAX_REMEMBERED = 1024;
    private static final int MAX_REMEMBERED_CHARS = 1024;

    private final List<PlaybookRule> rules;
    private final Map<MatchKey, Optional<Match>> remembered = new ConcurrentHashMap<>();

    public Playbook(List<PlaybookRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** An empty playbook: every finding goes by the severity tiers. */
    public static Playbook none() {
        return new Playbook(List.of());
    }

    public List<PlaybookRule> rules() {
        return rules;
    }

    /**
     * A rule that matches a finding, and the finding's type name that its patterns matched.
     *
     * @param rule        the first rule of the playbook that matches
     * @param matchedType the GuardDuty name or ASFF type the rule matched, for the decision's summary
     */
    public record Match(PlaybookRule rule, String matchedType) {
    }

    /**
     * The first rule that matches the finding, or empty. What decides it (product ARN, severity, role, types) repeats
     * from finding to finding, so the outcome is remembered for findings with short types: a warm function then
     * skips the rules' patterns. At most {@value #MAX_REMEMBERED} outcomes are kept; then they are forgotten and
     * remembered afresh, so that findings with ever new types cost memory no more than they cost time.
     */
    public Optional<Match> match(Finding finding) {
        MatchKey key = new MatchKey(finding.productArn(), finding.severity(), finding.resourceRole(), finding.types());
        Optional<Match> known = remembered.get(key);
        if (known != null) {
            return known;
        }
        Optional<Match> found = firstMatch(finding);
        if (key.isShort()) {
            if (remembered.size() >= MAX_REMEMBERED) {
                remembered.clear();
            }
            remembered.put(key, found);
        }
        return found;
    }

    private Optional<Match> firstMatch(Finding finding) {
        String producer = TrustPolicy.producer(finding.productArn()).orElse("");
        List<String> guardDutyTypes = finding.guardDutyTypes();
        for (PlaybookRule rule : rules) {
            String matched = rule.matchedType(finding, producer, guardDutyTypes);
            if (matched != null) {
                return Optional.of(new Match(rule, matched));
            }
        }
        return Optional.empty();
    }

    /** What a rule's match depends on: {@link PlaybookRule#matchedType(Finding, String, List)} reads nothing else. */
    private record MatchKey(String productArn, Severity severity, ResourceRole role, List<String> types) {
        boolean isShort() {
            int chars = productArn.length();
            for (String type : types) {
                chars += type.length();
            }
            return chars <= MAX_REMEMBERED_CHARS;
        }
    }

    /** The shipped playbook. */
    public static Playbook shipped(ObjectMapper mapper) {
        try (InputStream in = Playbook.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new ConfigurationException("the shipped playbook " + DEFAULT_RESOURCE
                        + " is missing from the function's code");
            }
            return new Playbook(rules(mapper.readTree(in), DEFAULT_RESOURCE));
        } catch (JsonProcessingException e) {
            throw new ConfigurationException(DEFAULT_RESOURCE + " is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The playbook in force: the rules of {@code override} ({@code RESPONDER_PLAYBOOK}) first, then the shipped
     * rules unless the override says {@code "defaults": "replace"}.
     *
     * @param override the variable's JSON, or null/blank for the shipped playbook alone
     * @throws ConfigurationException naming the variable and the rule at fault
     */
    public static Playbook withOverride(ObjectMapper mapper, String override) {
        Playbook shipped = shipped(mapper);
        if (override == null || override.isBlank()) {
            return shipped;
        }
        String source = "RESPONDER_PLAYBOOK";
        JsonNode root;
        try {
            root = mapper.readTree(override);
        } catch (JsonProcessingException e) {
            throw new ConfigurationException(source + " is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new ConfigurationException(source + " must be a JSON object {\"rules\": [...]}");
        }
        unknownFields(root, OVERRIDE_FIELDS, source);
        String defaults = root.path("defaults").asText("keep");
        if (!defaults.equals("keep") && !defaults.equals("replace")) {
            throw new ConfigurationException(source + ": \"defaults\" must be \"keep\" or \"replace\", was '"
                    + defaults + "'");
        }
        List<PlaybookRule> combined = new ArrayList<>(rules(root, source));
        if (defaults.equals("keep")) {
            Set<String> names = new HashSet<>();
            combined.forEach(r -> names.add(r.name()));
            for (PlaybookRule rule : shipped.rules) {
                if (!names.contains(rule.name())) {
                    combined.add(rule);
                }
            }
        }
        return new Playbook(combined);
    }

    /** Reads and checks {@code {"rules":[…]}}; every error names the source and the rule. */
    static List<PlaybookRule> rules(JsonNode root, String source) {
        JsonNode rules = root == null ? null : root.get("rules");
        if (rules == null || !rules.isArray()) {
            throw new ConfigurationException(source + " must have a \"rules\" array");
        }
        List<PlaybookRule> read = new ArrayList<>(rules.size());
        Set<String> names = new HashSet<>();
        int index = 0;
        for (JsonNode node : rules) {
            PlaybookRule rule = rule(node, source + " rule #" + (index + 1));
            if (!names.add(rule.name())) {
                throw new ConfigurationException(source + " rule '" + rule.name() + "': the name is used twice");
            }
            read.add(rule);
            index++;
        }
        return read;
    }

    private static PlaybookRule rule(JsonNode node, String where) {
        if (node == null || !node.isObject()) {
            throw new ConfigurationException(where + " is not a JSON object");
        }
        String name = text(node, "name", where, true);
        String at = where.substring(0, where.indexOf(" rule #")) + " rule '" + name + "'";
        unknownFields(node, RULE_FIELDS, at);
        String producer = text(node, "producer", at, true);
        List<String> types = new ArrayList<>();
        JsonNode typeNodes = node.get("types");
        if (typeNodes == null || !typeNodes.isArray() || typeNodes.isEmpty()) {
            throw new ConfigurationException(at + ": \"types\" must be a non-empty array of type patterns");
        }
        for (JsonNode type : typeNodes) {
            if (!type.isTextual() || type.asText().isBlank()) {
                throw new ConfigurationException(at + ": every entry of \"types\" must be a non-empty string");
            }
            types.add(type.asText().trim());
        }
        Severity minSeverity = severity(node, "minSeverity", Severity.INFORMATIONAL, at);
        Severity maxSeverity = severity(node, "maxSeverity", Severity.CRITICAL, at);
        if (minSeverity.compareTo(maxSeverity) > 0) {
            throw new ConfigurationException(at + ": minSeverity " + minSeverity + " is above maxSeverity "
                    + maxSeverity + ": the rule could match nothing");
        }
        PlaybookRule.RoleMatch role = choice(node, "role", PlaybookRule.RoleMatch.class, PlaybookRule.RoleMatch.ANY,
                at);
        Verdict verdict = choice(node, "decision", Verdict.class, null, at);
        PeerBlocking blocking = choice(node, "blockPeers", PeerBlocking.class, PeerBlocking.NONE, at);
        if (verdict == Verdict.CONTAIN && role == PlaybookRule.RoleMatch.TARGET) {
            throw new ConfigurationException(at + ": CONTAIN on role TARGET would contain the victim; use BLOCK "
                    + "with blockPeers INBOUND to block its attackers");
        }
        if (!verdict.acts() && blocking != PeerBlocking.NONE) {
            throw new ConfigurationException(at + ": blockPeers " + blocking + " needs decision CONTAIN or BLOCK ("
                    + "a block is containment), not " + verdict);
        }
        if (verdict == Verdict.BLOCK && blocking == PeerBlocking.NONE) {
            throw new ConfigurationException(at + ": decision BLOCK needs blockPeers INBOUND or OUTBOUND");
        }
        return new PlaybookRule(name, producer, types, minSeverity, maxSeverity, role, verdict, blocking,
                text(node, "why", at, false));
    }

    private static Severity severity(JsonNode node, String field, Severity fallback, String at) {
        String value = text(node, field, at, false);
        if (value == null) {
            return fallback;
        }
        return Severity.fromLabel(value).orElseThrow(() -> new ConfigurationException(at + ": " + field + " '"
                + value + "' is not one of " + Arrays.toString(Severity.values())));
    }

    private static void unknownFields(JsonNode node, Set<String> known, String at) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!known.contains(field)) {
                throw new ConfigurationException(at + ": unknown field \"" + field + "\" (known: "
                        + known.stream().sorted().toList() + ")");
            }
        }
    }

    private static String text(JsonNode node, String field, String at, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new ConfigurationException(at + ": \"" + field + "\" is required");
            }
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new ConfigurationException(at + ": \"" + field + "\" must be a non-empty string");
        }
        return value.asText().trim();
    }

    private static <E extends Enum<E>> E choice(JsonNode node, String field, Class<E> type, E fallback, String at) {
        String value = text(node, field, at, fallback == null);
        if (value == null) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(at + ": " + field + " '" + value + "' is not one of "
                    + Arrays.toString(type.getEnumConstants()));
        }
    }
}
