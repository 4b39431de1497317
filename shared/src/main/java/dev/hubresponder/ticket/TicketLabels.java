package dev.hubresponder.ticket;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Labels that tie a ticket to its finding at the provider, so that a ticket can be found again without the ledger:
 * Jira labels, GitHub labels, ServiceNow {@code correlation_id}.
 *
 * <p>A finding id can be 500 characters of ARN; providers limit labels (GitHub 50 characters, ServiceNow
 * {@code correlation_id} 100, Jira labels take no spaces). The label is therefore a hash: the first 16 hex digits
 * (64 bits) of the id's SHA-256, ample against collisions among one organisation's findings.
 */
public final class TicketLabels {
    /** Put on every ticket the responder opens. */
    public static final String PRODUCT_LABEL = "hub-responder";

    private TicketLabels() {
    }

    /**
     * The label of a finding's ticket. Episode 1 is the first ticket; a finding that comes back after its ticket was
     * closed gets episode 2, 3 …, each with its own label so that the old ticket is not mistaken for the new one.
     */
    public static String forFinding(String findingId, int episode) {
        if (episode < 1) {
            throw new IllegalArgumentException("episode starts at 1, was " + episode);
        }
        String label = PRODUCT_LABEL + "-" + shortHash(findingId);
        return episode == 1 ? label : label + "-r" + episode;
    }

    static String shortHash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
