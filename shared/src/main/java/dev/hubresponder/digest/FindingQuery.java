package dev.hubresponder.digest;

import dev.hubresponder.finding.Finding;
import dev.hubresponder.finding.Severity;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which findings a digest covers: the given severities, in record state ACTIVE, updated within a window.
 * Sent to Security Hub as filters, and checked again on every finding that comes back ({@link #mismatch}),
 * because emulators and some callers ignore the filters.
 *
 * @param severities  severity labels to include
 * @param updatedFrom start of the window, inclusive
 * @param updatedTo   end of the window, inclusive
 */
public record FindingQuery(Set<Severity> severities, Instant updatedFrom, Instant updatedTo) {
    /** The only record state a digest reports: archived findings are gone. */
    public static final String ACTIVE = "ACTIVE";

    public FindingQuery {
        if (severities.isEmpty()) {
            throw new IllegalArgumentException("a finding query needs at least one severity");
        }
        severities = Set.copyOf(EnumSet.copyOf(severities));
        Objects.requireNonNull(updatedFrom, "updatedFrom");
        Objects.requireNonNull(updatedTo, "updatedTo");
        if (updatedFrom.isAfter(updatedTo)) {
            throw new IllegalArgumentException("window starts after it ends: " + updatedFrom + " > " + updatedTo);
        }
    }

    /** Why the finding is outside this query, or empty when it matches. */
    public Optional<String> mismatch(Finding finding) {
        if (!severities.contains(finding.severity())) {
            return Optional.of("severity " + finding.severity());
        }
        if (!ACTIVE.equals(finding.recordState())) {
            return Optional.of("record state " + finding.recordState());
        }
        Instant updated = finding.updatedAt();
        if (updated == null) {
            return Optional.of("no UpdatedAt");
        }
        if (updated.isBefore(updatedFrom) || updated.isAfter(updatedTo)) {
            return Optional.of("updated outside the window");
        }
        return Optional.empty();
    }
}
