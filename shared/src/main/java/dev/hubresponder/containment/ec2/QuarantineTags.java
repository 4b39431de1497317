package dev.hubresponder.containment.ec2;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tags containment puts on an instance, its snapshots and its quarantine groups. Release removes the instance
 * tags; snapshots keep theirs (they are evidence).
 */
public final class QuarantineTags {
    /** On a quarantined instance: {@code true}. */
    public static final String QUARANTINED = "hub-responder:quarantined";
    /** The finding that caused the quarantine. */
    public static final String FINDING_ID = "hub-responder:finding-id";
    /** The ledger record that holds the pre-state. */
    public static final String LEDGER_ID = "hub-responder:ledger-id";
    /** When the quarantine completed, ISO-8601 UTC. */
    public static final String QUARANTINED_AT = "hub-responder:quarantined-at";
    /** On snapshots: the instance they were taken from. */
    public static final String INSTANCE_ID = "hub-responder:instance-id";
    /** On the quarantine groups: {@code untracked} or {@code isolation}. */
    public static final String QUARANTINE_GROUP = "hub-responder:quarantine-group";

    /** The instance tags release removes. */
    public static final List<String> INSTANCE_TAG_KEYS = List.of(QUARANTINED, FINDING_ID, LEDGER_ID, QUARANTINED_AT);

    private static final int MAX_VALUE_LENGTH = 256;

    private QuarantineTags() {
    }

    /** The tags for a quarantined instance. */
    public static Map<String, String> forInstance(String findingId, String ledgerId, Instant at) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(QUARANTINED, "true");
        tags.put(FINDING_ID, value(findingId));
        tags.put(LEDGER_ID, value(ledgerId));
        tags.put(QUARANTINED_AT, at.toString());
        return tags;
    }

    /** The tags for an evidence snapshot. */
    public static Map<String, String> forSnapshot(String findingId, String ledgerId, String instanceId) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(FINDING_ID, value(findingId));
        tags.put(LEDGER_ID, value(ledgerId));
        tags.put(INSTANCE_ID, value(instanceId));
        return tags;
    }

    /**
     * A tag value EC2 accepts everywhere (including instance metadata tags): at most 256 characters, other
     * characters than letters, digits, space and {@code + - = . _ : / @} replaced by {@code _}.
     */
    static String value(String raw) {
        String cleaned = raw.replaceAll("[^\\p{L}\\p{N} +\\-=._:/@]", "_");
        return cleaned.length() <= MAX_VALUE_LENGTH ? cleaned : cleaned.substring(0, MAX_VALUE_LENGTH);
    }
}
