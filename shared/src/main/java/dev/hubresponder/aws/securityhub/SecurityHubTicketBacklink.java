package dev.hubresponder.aws.securityhub;

import dev.hubresponder.finding.Finding;
import dev.hubresponder.finding.FindingSchema;
import dev.hubresponder.ticket.RetryableTicketException;
import dev.hubresponder.ticket.TicketBacklink;
import dev.hubresponder.ticket.TicketReference;
import dev.hubresponder.ticket.UntrustedText;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFindingIdentifier;
import software.amazon.awssdk.services.securityhub.model.NoteUpdate;

/**
 * Puts a finding's ticket on the finding in Security Hub: ASFF findings get the note and the
 * {@code UserDefinedFields} {@code hub-responder.ticketKey} and {@code hub-responder.ticketUrl} through
 * {@code BatchUpdateFindings}; OCSF findings get the comment through {@code BatchUpdateFindingsV2} (which has no
 * user-defined fields).
 *
 * <p>The client must use the Apache or CRT HTTP client: both calls are PATCH requests, which the URL-connection
 * client cannot send. Throttling, 5xx and per-finding {@code ConcurrentUpdateError} / {@code InternalFailure} are
 * retryable; anything else Security Hub refuses is reported as not linked.
 */
public final class SecurityHubTicketBacklink implements TicketBacklink {
    public static final String TICKET_KEY_FIELD = Finding.OWN_FIELD_PREFIX + "ticketKey";
    public static final String TICKET_URL_FIELD = Finding.OWN_FIELD_PREFIX + "ticketUrl";
    static final String UPDATED_BY = "hub-responder";
    private static final int NOTE_LIMIT = 512;
    private static final int FIELD_VALUE_LIMIT = 1_024;
    private static final Set<String> RETRYABLE_CODES = Set.of("ConcurrentUpdateError", "InternalFailure",
            "INTERNAL_ERROR", "CONFLICT_ERROR");

    private final SecurityHubClient securityHub;

    public SecurityHubTicketBacklink(SecurityHubClient securityHub) {
        this.securityHub = securityHub;
    }

    @Override
    public Result link(Finding finding, TicketReference ticket) {
        String note = UntrustedText.truncate("hub-responder opened ticket " + ticket.key() + ": " + ticket.url(),
                NOTE_LIMIT);
        try {
            return finding.schema() == FindingSchema.OCSF ? comment(finding, note) : annotate(finding, ticket, note);
        } catch (SdkServiceException e) {
            if (e.isThrottlingException() || e.statusCode() >= 500) {
                throw new RetryableTicketException("Security Hub could not note " + ticket.key() + " on finding "
                        + finding.id() + ": " + e.getMessage(), e);
            }
            return new Result.NotLinked("Security Hub refused the note: " + e.getMessage());
        } catch (SdkClientException e) {
            throw new RetryableTicketException("Security Hub could not be reached to note " + ticket.key()
                    + " on finding " + finding.id() + ": " + e.getMessage(), e);
        }
    }

    private Result annotate(Finding finding, TicketReference ticket, String note) {
        var response = securityHub.batchUpdateFindings(request -> request
                .findingIdentifiers(AwsSecurityFindingIdentifier.builder()
                        .id(finding.id()).productArn(finding.productArn()).build())
                .note(NoteUpdate.builder().text(note).updatedBy(UPDATED_BY).build())
                .userDefinedFields(Map.of(
                        TICKET_KEY_FIELD, UntrustedText.truncate(ticket.key(), FIELD_VALUE_LIMIT),
                        TICKET_URL_FIELD, UntrustedText.truncate(ticket.url(), FIELD_VALUE_LIMIT))));
        return unprocessed(finding, response.unprocessedFindings().stream()
                .map(u -> new Failure(u.errorCode(), u.errorMessage())).toList());
    }

    private Result comment(Finding finding, String note) {
        if (finding.ocsfMetadataUid() == null) {
            return new Result.NotLinked("the OCSF finding has no metadata.uid to update it by");
        }
        var response = securityHub.batchUpdateFindingsV2(request -> request
                .metadataUids(finding.ocsfMetadataUid())
                .comment(note));
        return unprocessed(finding, response.unprocessedFindings().stream()
                .map(u -> new Failure(u.errorCodeAsString(), u.errorMessage())).toList());
    }

    private Result unprocessed(Finding finding, List<Failure> failures) {
        if (failures.isEmpty()) {
            return new Result.Linked();
        }
        Failure failure = failures.get(0);
        String reason = "Security Hub did not update finding " + finding.id() + ": " + failure.code() + " "
                + failure.message();
        if (RETRYABLE_CODES.contains(failure.code())) {
            throw new RetryableTicketException(reason);
        }
        return new Result.NotLinked(reason);
    }

    private record Failure(String code, String message) {
    }
}
