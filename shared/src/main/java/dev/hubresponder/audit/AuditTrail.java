package dev.hubresponder.audit;

import dev.hubresponder.action.ActionOutcome;
import dev.hubresponder.finding.Finding;
import dev.hubresponder.ledger.ActionLedger;
import dev.hubresponder.ledger.ConcurrentLedgerUpdateException;
import dev.hubresponder.ledger.LedgerEntry;
import dev.hubresponder.metrics.ResponderMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Writes the outcome of actions back onto their findings, once per ledger record: a finding delivered three times
 * gets one note. The delivery that settled a record writes its note; a later delivery writes it only if the
 * record is older than the lease and still has no {@value #NOTED_AT} artifact (the first delivery ended before
 * writing it). A written note is marked on the record as the {@value #NOTED_AT} artifact.
 *
 * <p>Pass one outcome per finding per call: Security Hub keeps one note per finding, so the last one written wins.
 */
public final class AuditTrail {
    /** The ledger artifact that says when the record's note was written. */
    public static final String NOTED_AT = "notedAt";

    private static final System.Logger LOG = System.getLogger(AuditTrail.class.getName());

    private final FindingNotes notes;
    private final ActionLedger ledger;
    private final ResponderMetrics metrics;
    private final Duration lease;
    private final Clock clock;

    public AuditTrail(FindingNotes notes, ActionLedger ledger, ResponderMetrics metrics, Duration lease, Clock clock) {
        this.notes = Objects.requireNonNull(notes, "notes");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.lease = Objects.requireNonNull(lease, "lease");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * One action's outcome on one finding.
     *
     * @param ticketKey the ticket's key when one is known, else null
     */
    public record Settled(Finding finding, ActionOutcome outcome, String ticketKey) {
        public Settled {
            Objects.requireNonNull(finding, "finding");
            Objects.requireNonNull(outcome, "outcome");
        }
    }

    /** Writes the notes these outcomes still need, and returns what Security Hub accepted. */
    public NoteReport record(List<Settled> settled) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        List<FindingNote> toWrite = new ArrayList<>();
        List<LedgerEntry> entries = new ArrayList<>();
        for (Settled s : settled) {
            if (needsNote(s.outcome(), now)) {
                toWrite.add(FindingNote.of(s.finding(), s.outcome().entry(), s.ticketKey()));
                entries.add(s.outcome().entry());
            }
        }
        if (toWrite.isEmpty()) {
            return new NoteReport(List.of(), List.of());
        }
        NoteReport report = notes.write(toWrite);
        Set<String> written = new HashSet<>(report.written());
        for (LedgerEntry entry : entries) {
            if (written.contains(entry.key().findingId())) {
                markNoted(entry, now);
            }
        }
        metrics.notesWritten(report.written().size(), report.failed().size());
        return report;
    }

    private boolean needsNote(ActionOutcome outcome, Instant now) {
        LedgerEntry entry = outcome.entry();
        if (outcome.isNew()) {
            return true;
        }
        return entry.isFinal() && !entry.artifacts().containsKey(NOTED_AT)
                && entry.updatedAt() != null && entry.updatedAt().plus(lease).isBefore(now);
    }

    private void markNoted(LedgerEntry entry, Instant now) {
        try {
            ledger.update(entry.withArtifact(NOTED_AT, now.toString(), now));
        } catch (ConcurrentLedgerUpdateException e) {
            LOG.log(System.Logger.Level.INFO, "note on {0} written but not marked on its ledger record, which "
                    + "changed meanwhile: {1}", entry.key().findingId(), e.getMessage());
        }
    }
}
