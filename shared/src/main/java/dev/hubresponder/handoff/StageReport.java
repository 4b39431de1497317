package dev.hubresponder.handoff;

import java.util.List;

/**
 * What a stage returns to Lambda, and so what the next stage receives as {@code responsePayload}.
 * Serialized with Jackson as {@code {"stage":"QuarantineInstance","findings":[{"id":"…","acted":true,
 * "summary":"…"}]}}.
 *
 * <p>The next stage acts on a finding only when the previous stage {@code acted} on it: a stage that had nothing to
 * do for a finding (a WAF stage for a finding with no public attacker) hands over nothing to ticket or alert,
 * so that one finding does not produce an alert per function. What was done is read from the ledger, not from here.
 *
 * @param stage    the stage's name (QuarantineInstance, StopTask, BlockAddresses, CreateTicket, SendAlert)
 * @param findings one entry per finding the stage saw
 */
public record StageReport(String stage, List<FindingReport> findings) {
    public StageReport {
        findings = List.copyOf(findings);
    }

    /**
     * @param id      the finding id
     * @param acted   true when the stage decided something for this finding that the next stage should report
     *                (done, refused, shadow or failed actions); false when it had nothing to do
     * @param summary one line for logs
     */
    public record FindingReport(String id, boolean acted, String summary) {
    }
}
