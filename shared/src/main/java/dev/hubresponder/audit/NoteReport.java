package dev.hubresponder.audit;

import java.util.List;

/**
 * What {@link FindingNotes#write} achieved.
 *
 * @param written ids of the findings whose note was accepted
 * @param failed  notes that were not, with Security Hub's reason
 */
public record NoteReport(List<String> written, List<Failure> failed) {
    public NoteReport {
        written = List.copyOf(written);
        failed = List.copyOf(failed);
    }

    /**
     * @param findingId the finding
     * @param errorCode Security Hub's code ({@code FindingNotFound}, {@code ConcurrentUpdateError} after the last
     *                  retry, {@code ThrottlingException} for a whole call …)
     * @param message   its message
     */
    public record Failure(String findingId, String errorCode, String message) {
    }
}
