package dev.hubresponder.ledger;

import dev.hubresponder.config.ConfigurationException;
import java.time.Duration;
import java.util.Map;

/**
 * Where the ledger is and how long its records and claims last, read once from environment variables.
 *
 * @param tableName the DynamoDB table ({@code LEDGER_TABLE}, required)
 * @param retention how long ticket, alert and digest records are kept before TTL may delete them
 *                  ({@code LEDGER_RETENTION_DAYS}, default 400; at least 90, the time Security Hub keeps a finding
 *                  after its last update, so that a re-sent finding still finds its ticket record). Containment and
 *                  release records are kept for ever
 * @param lease     how long a claimed action counts as in progress before another delivery may take it over
 *                  ({@code LEDGER_LEASE_SECONDS}, default 300; at least the function's timeout)
 */
public record LedgerSettings(String tableName, Duration retention, Duration lease) {

    public static LedgerSettings fromEnv(Map<String, String> env) {
        String table = env.getOrDefault("LEDGER_TABLE", "").trim();
        if (table.isEmpty()) {
            throw new ConfigurationException("LEDGER_TABLE must name the ledger's DynamoDB table");
        }
        long days = number(env, "LEDGER_RETENTION_DAYS", 400);
        if (days < 90) {
            throw new ConfigurationException("LEDGER_RETENTION_DAYS must be 90 or more (Security Hub re-sends a "
                    + "finding for up to 90 days after its last update), was " + days);
        }
        long seconds = number(env, "LEDGER_LEASE_SECONDS", 300);
        if (seconds < 1) {
            throw new ConfigurationException("LEDGER_LEASE_SECONDS must be 1 or more, was " + seconds);
        }
        return new LedgerSettings(table, Duration.ofDays(days), Duration.ofSeconds(seconds));
    }

    private static long number(Map<String, String> env, String name, long fallback) {
        String value = env.getOrDefault(name, Long.toString(fallback)).trim();
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new ConfigurationException(name + " must be a whole number, was '" + value + "'");
        }
    }
}
