package dev.hubresponder.handoff;

import dev.hubresponder.action.RetryableActionException;
import dev.hubresponder.audit.NoteReport;
import dev.hubresponder.handoff.StageReport.FindingReport;
import java.util.List;

/**
 * What a stage did for one finding of an event: its line in the {@link StageReport}, the notes Security Hub did not
 * accept, and a failure worth retrying the event for, which the function throws once every finding had its turn.
 *
 * @param report      the finding's entry in the stage's report
 * @param notesFailed notes on the finding that Security Hub refused (logged; the action itself stands)
 * @param retry       a failure worth retrying the event for, else null
 */
public record FindingResult(FindingReport report, List<NoteReport.Failure> notesFailed,
                            RetryableActionException retry) {
    public FindingResult {
        notesFailed = List.copyOf(notesFailed);
    }

    /** A finding settled, for better or worse, with its notes written. */
    public static FindingResult of(FindingReport report) {
        return new FindingResult(report, List.of(), null);
    }

    /** A finding whose work failed in a way worth retrying, reported as acted so that a hand-over says so. */
    public static FindingResult toRetry(String findingId, RetryableActionException retry) {
        return new FindingResult(new FindingReport(findingId, true, "to retry: " + retry.getMessage()), List.of(),
                retry);
    }

    /** How the finding ended, in one word: {@code RETRY}, {@code ACTED} or {@code NOTHING_TO_DO}. */
    public String outcome() {
        if (retry != null) {
            return "RETRY";
        }
        return report.acted() ? "ACTED" : "NOTHING_TO_DO";
    }
}
