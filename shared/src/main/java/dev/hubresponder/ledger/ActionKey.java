package dev.hubresponder.ledger;

import dev.hubresponder.policy.ResponseAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Identifies one ledger record: one action on one target for one finding. Two deliveries of the same finding
 * (EventBridge retries, re-emitted findings, Lambda retries) have the same key, so they claim the same record.
 *
 * @param findingId the finding's id
 * @param action    the action
 * @param target    instance id, task ARN, host address, or {@code "-"} for finding-level actions
 */
public record ActionKey(String findingId, ResponseAction action, String target) {
    public static final String NO_TARGET = "-";

    public ActionKey {
        Objects.requireNonNull(findingId, "findingId");
        Objects.requireNonNull(action, "action");
        target = target == null || target.isBlank() ? NO_TARGET : target;
    }

    /** The record's primary key as one string: {@code <findingId>|<ACTION>|<target>}. */
    public String asString() {
        return findingId + "|" + action + "|" + target;
    }

    /**
     * A short id for people: {@code hr-} and the first 12 hex digits of the SHA-256 of {@link #asString()}. Stable
     * across deliveries, so a note, an alert and a ticket that name it all point at the same record.
     */
    public String ledgerId() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(asString().getBytes(StandardCharsets.UTF_8));
            return "hr-" + HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
