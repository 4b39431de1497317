package dev.hubresponder.block;

import dev.hubresponder.config.ConfigurationException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * How the WAF blocking behaves, read once at init from environment variables (listed in docs/configuration.md).
 *
 * @param expiry        how long a block lasts ({@code RESPONDER_BLOCK_EXPIRY_HOURS}, default 24); zero means never
 * @param capacity      entries an IP set may hold ({@code RESPONDER_WAF_SET_CAPACITY}, default and maximum 10,000,
 *                      WAF's limit)
 * @param highWaterMark entries at which a set counts as nearly full and the run says so, for an alert
 *                      ({@code RESPONDER_WAF_HIGH_WATER_PERCENT} of the capacity, default 80)
 * @param fullSetPolicy what to do when a set is full ({@code RESPONDER_WAF_FULL_SET_POLICY}, default REFUSE)
 * @param maxPerFinding new blocks one finding may cause in one invocation ({@code RESPONDER_MAX_BLOCKS_PER_FINDING},
 *                      default {@value #DEFAULT_MAX_PER_FINDING}); the rest are refused and recorded with the cap
 * @param maxPerRun     new blocks one invocation may make for all its findings ({@code RESPONDER_MAX_BLOCKS_PER_RUN},
 *                      default {@value #DEFAULT_MAX_PER_RUN}, well below what the function's timeout allows: about
 *                      4,000 ledger claims); the rest are refused and recorded with the cap
 */
public record BlockSettings(Duration expiry, int capacity, int highWaterMark, FullSetPolicy fullSetPolicy,
                            int maxPerFinding, int maxPerRun) {
    /** WAF's limit of addresses per IP set. */
    public static final int WAF_SET_LIMIT = 10_000;
    /** A port probe from many sources is the usual case for more than a few addresses in one finding. */
    public static final int DEFAULT_MAX_PER_FINDING = 50;
    public static final int DEFAULT_MAX_PER_RUN = 1_000;

    public BlockSettings {
        if (expiry.isNegative()) {
            throw new ConfigurationException("block expiry must not be negative, was " + expiry);
        }
        if (capacity < 1 || capacity > WAF_SET_LIMIT) {
            throw new ConfigurationException("RESPONDER_WAF_SET_CAPACITY must be 1 to " + WAF_SET_LIMIT
                    + ", was " + capacity);
        }
        if (highWaterMark < 1 || highWaterMark > capacity) {
            throw new ConfigurationException("the high-water mark must be 1 to the capacity (" + capacity
                    + "), was " + highWaterMark);
        }
    }

    /** The defaults, as if no variable were set. */
    public static BlockSettings defaults() {
        return fromEnv(Map.of());
    }

    /** @throws ConfigurationException naming the variable whose value is wrong */
    public static BlockSettings fromEnv(Map<String, String> env) {
        int hours = integer(env, "RESPONDER_BLOCK_EXPIRY_HOURS", 24, 0, 24 * 366);
        int capacity = integer(env, "RESPONDER_WAF_SET_CAPACITY", WAF_SET_LIMIT, 1, WAF_SET_LIMIT);
        int percent = integer(env, "RESPONDER_WAF_HIGH_WATER_PERCENT", 80, 1, 100);
        String policy = env.getOrDefault("RESPONDER_WAF_FULL_SET_POLICY", "REFUSE").trim().toUpperCase(Locale.ROOT);
        FullSetPolicy fullSetPolicy;
        try {
            fullSetPolicy = FullSetPolicy.valueOf(policy);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("RESPONDER_WAF_FULL_SET_POLICY must be REFUSE or EVICT_OLDEST, was '"
                    + policy + "'");
        }
        int highWater = Math.max(1, (int) Math.ceil(capacity * percent / 100.0));
        int perFinding = integer(env, "RESPONDER_MAX_BLOCKS_PER_FINDING", DEFAULT_MAX_PER_FINDING, 1, WAF_SET_LIMIT);
        int perRun = integer(env, "RESPONDER_MAX_BLOCKS_PER_RUN", DEFAULT_MAX_PER_RUN, 1, WAF_SET_LIMIT);
        return new BlockSettings(Duration.ofHours(hours), capacity, highWater, fullSetPolicy, perFinding, perRun);
    }

    /** True when blocks never expire. */
    public boolean blocksNeverExpire() {
        return expiry.isZero();
    }

    private static int integer(Map<String, String> env, String name, int fallback, int min, int max) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed < min || parsed > max) {
                throw new ConfigurationException(name + " must be " + min + " to " + max + ", was " + parsed);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new ConfigurationException(name + " must be a whole number, was '" + value.trim() + "'");
        }
    }
}
