package dev.hubresponder.containment.credentials;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The tags the responder puts on a user or role it revoked, naming the finding and the ledger record. */
public final class CredentialTags {
    public static final String REVOKED = "hub-responder:revoked";
    public static final String FINDING_ID = "hub-responder:finding-id";
    public static final String LEDGER_ID = "hub-responder:ledger-id";
    public static final String REVOKED_AT = "hub-responder:revoked-at";
    /** Every key the responder sets, and release removes. */
    public static final List<String> KEYS = List.of(REVOKED, FINDING_ID, LEDGER_ID, REVOKED_AT);
    private static final int MAX_VALUE = 256;

    private CredentialTags() {
    }

    /**
     * @param what the access key id, or {@code sessions-before-<time>} for a role
     */
    public static Map<String, String> of(String what, String findingId, String ledgerId, Instant at) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(REVOKED, value(what));
        tags.put(FINDING_ID, value(findingId));
        tags.put(LEDGER_ID, value(ledgerId));
        tags.put(REVOKED_AT, at.toString());
        return tags;
    }

    /** IAM tag values are at most 256 characters of letters, digits, spaces and {@code _ . : / = + - @}. */
    private static String value(String text) {
        String cleaned = text.replaceAll("[^\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]", "_");
        return cleaned.length() <= MAX_VALUE ? cleaned : cleaned.substring(cleaned.length() - MAX_VALUE);
    }
}
