package dev.hubresponder.finding;

/**
 * A finding that intake could not turn into a {@link Finding}, and why.
 *
 * @param findingId the finding's id when it could be read, else null
 * @param reason    a specific reason ("missing AwsAccountId", "Severity.Label 'SEVERE' is not a severity label")
 */
public record RejectedFinding(String findingId, String reason) {
}
