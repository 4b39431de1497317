package dev.hubresponder.finding;

import java.util.Locale;
import java.util.Optional;

/** Security Hub's severity labels, lowest first. */
public enum Severity {
    INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL;

    /** Parses an ASFF {@code Severity.Label}, case-insensitively; empty when the text names no label. */
    public static Optional<Severity> fromLabel(String label) {
        if (label == null || label.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(label.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Maps an OCSF {@code severity_id} (1 Informational … 5 Critical, 6 Fatal) to a label; empty for 0 (Unknown),
     * 99 (Other) and anything else, which carry no severity a decision can use.
     */
    public static Optional<Severity> fromOcsfId(int severityId) {
        return switch (severityId) {
            case 1 -> Optional.of(INFORMATIONAL);
            case 2 -> Optional.of(LOW);
            case 3 -> Optional.of(MEDIUM);
            case 4 -> Optional.of(HIGH);
            case 5, 6 -> Optional.of(CRITICAL);
            default -> Optional.empty();
        };
    }
}
