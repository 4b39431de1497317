package dev.hubresponder.finding;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * GuardDuty finding type names recovered from ASFF {@code Types}. GuardDuty names a type
 * {@code ThreatPurpose:ResourceType/ThreatFamily.Mechanism!Artifact} ({@code Backdoor:EC2/C&CActivity.B!DNS});
 * Security Hub files it under a namespace and writes the {@code /} after the resource type as {@code -}:
 * {@code TTPs/Command and Control/Backdoor:EC2-C&CActivity.B!DNS}. OCSF findings carry the name as GuardDuty
 * writes it.
 *
 * <p>About twenty ASFF types do not follow that rule (IAM and Kubernetes anomaly types, RDS and some EC2
 * defense-evasion types: {@code TTPs/Credential Access/IAMUser-AnomalousBehavior}); they are read from the exact
 * table {@value #IRREGULAR_NAMES}, taken from GuardDuty's published type table.
 */
public final class GuardDutyType {
    /** Classpath resource: ASFF type, tab, GuardDuty type, for the types whose name does not say it. */
    public static final String IRREGULAR_NAMES = "/playbook/guardduty-asff-type-names.tsv";
    private static final Map<String, String> IRREGULAR = irregular();

    private GuardDutyType() {
    }

    /** The GuardDuty names among the finding's types, in order, each once; empty for other producers' types. */
    public static List<String> names(List<String> types) {
        List<String> names = new ArrayList<>(1);
        for (String type : types) {
            String name = name(type);
            if (name != null && !names.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }

    /**
     * The GuardDuty name in one ASFF or OCSF type, or null when the type holds none: the last namespace segment
     * that has a {@code ThreatPurpose:ResourceType} prefix, with the first {@code -} or {@code /} after the
     * resource type read as {@code /}.
     */
    static String name(String type) {
        if (type == null) {
            return null;
        }
        String text = type.trim();
        String exact = IRREGULAR.get(text);
        if (exact != null) {
            return exact;
        }
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            return null;
        }
        int segmentStart = text.lastIndexOf('/', colon) + 1;
        String purpose = text.substring(segmentStart, colon);
        if (purpose.isEmpty() || !purpose.chars().allMatch(Character::isLetterOrDigit)) {
            return null;
        }
        String rest = text.substring(colon + 1);
        int separator = firstOf(rest, '-', '/');
        if (separator <= 0 || separator == rest.length() - 1) {
            return null;
        }
        String resourceType = rest.substring(0, separator);
        if (!resourceType.chars().allMatch(Character::isLetterOrDigit)) {
            return null;
        }
        return purpose + ":" + resourceType + "/" + rest.substring(separator + 1);
    }

    private static Map<String, String> irregular() {
        Map<String, String> names = new HashMap<>();
        try (InputStream in = GuardDutyType.class.getResourceAsStream(IRREGULAR_NAMES)) {
            if (in == null) {
                throw new IllegalStateException(IRREGULAR_NAMES + " is missing from the function's code");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                int tab = line.indexOf('\t');
                if (!line.startsWith("#") && tab > 0) {
                    names.put(line.substring(0, tab), line.substring(tab + 1).trim());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(names);
    }

    private static int firstOf(String text, char a, char b) {
        int i = text.indexOf(a);
        int j = text.indexOf(b);
        if (i < 0) {
            return j;
        }
        return j < 0 ? i : Math.min(i, j);
    }
}
