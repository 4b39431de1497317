package dev.hubresponder.digest;

import dev.hubresponder.config.ResponderConfig;
import dev.hubresponder.finding.Severity;
import dev.hubresponder.policy.ResponseAction;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A digest's schedule: which severities it covers (from {@link ResponderConfig}) and how far back it looks.
 * The window equals the schedule's period, so that consecutive digests cover every update once.
 */
public enum DigestTier {
    /** Every day, the findings updated in the last 24 hours ({@code RESPONDER_DAILY_DIGEST_SEVERITIES}). */
    DAILY(Duration.ofDays(1), ResponseAction.DIGEST_DAILY),
    /** Every week, the findings updated in the last 7 days ({@code RESPONDER_WEEKLY_DIGEST_SEVERITIES}). */
    WEEKLY(Duration.ofDays(7), ResponseAction.DIGEST_WEEKLY);

    private final Duration window;
    private final ResponseAction action;

    DigestTier(Duration window, ResponseAction action) {
        this.window = window;
        this.action = action;
    }

    public Duration window() {
        return window;
    }

    /** The action name the digest carries in its {@code action} attribute. */
    public ResponseAction action() {
        return action;
    }

    /** The severities this tier reports, as configured. */
    public Set<Severity> severities(ResponderConfig config) {
        return this == DAILY ? config.dailyDigestSeverities() : config.weeklyDigestSeverities();
    }

    /** The tier a schedule names ({@code "DAILY"}, {@code "weekly"}), or empty. */
    public static Optional<DigestTier> fromName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(name.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
