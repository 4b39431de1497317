package dev.hubresponder.ledger;

import dev.hubresponder.finding.ResourceLocation;
import java.util.Map;

/**
 * The ledger artifacts that say where an action changed something: the account and Region of the resource, which
 * release, {@code ./responder release} and people reading the ledger use. Written once, before the first change.
 * Records from before they existed name only the finding's account ({@link LedgerEntry#accountId()}); they were
 * made in the stack's own Region.
 */
public final class ActedIn {
    /** Artifact: the 12-digit account the action acted in. */
    public static final String ACCOUNT = "actedInAccount";
    /** Artifact: the Region the action acted in. */
    public static final String REGION = "actedInRegion";

    private ActedIn() {
    }

    /** The artifacts to record for an action in {@code where}. */
    public static Map<String, String> artifacts(ResourceLocation where) {
        return Map.of(ACCOUNT, where.accountId(), REGION, where.region());
    }

    /** True when the record says it acted in {@code where}, or says no Region and the finding's account matches. */
    public static boolean isIn(LedgerEntry entry, ResourceLocation where) {
        String account = entry.artifacts().getOrDefault(ACCOUNT, entry.accountId());
        String region = entry.artifacts().get(REGION);
        return where.accountId().equals(account) && (region == null || where.region().equals(region));
    }

    /** The Region the record says it acted in, or null for records that do not say. */
    public static String region(LedgerEntry entry) {
        return entry.artifacts().get(REGION);
    }

    /** The account the record says it acted in: its artifact, else the finding's account. */
    public static String account(LedgerEntry entry) {
        return entry.artifacts().getOrDefault(ACCOUNT, entry.accountId());
    }
}
