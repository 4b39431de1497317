package dev.hubresponder.containment.credentials;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubresponder.containment.credentials.IamPrincipals.RoleEvidence;
import dev.hubresponder.containment.credentials.IamPrincipals.UserKeyEvidence;
import dev.hubresponder.finding.CredentialDetails;
import java.util.List;
import java.util.Optional;

/**
 * What a revocation records before its first change (the ledger record's {@code preState}): the principal as IAM
 * described it, and what the finding saw done with the credentials. Release reads it back to know what to restore
 * (a key that was already inactive stays inactive).
 *
 * @param kind            {@code USER_KEY} or {@code ROLE_SESSION}
 * @param accountId       the account the principal is in
 * @param accessKeyId     the key the finding names (for a role session: its {@code ASIA…} key, when named)
 * @param user            the user and its key, for a user key; else null
 * @param role            the role, for a role session; else null
 * @param apiCalls        the API calls the finding saw made with the credentials
 * @param sourceAddresses the remote addresses the finding names (callers of those APIs)
 */
public record RevocationEvidence(CredentialDetails.Kind kind, String accountId, String accessKeyId,
                                 UserKeyEvidence user, RoleEvidence role, List<String> apiCalls,
                                 List<String> sourceAddresses) {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public RevocationEvidence {
        apiCalls = List.copyOf(apiCalls);
        sourceAddresses = List.copyOf(sourceAddresses);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("revocation evidence cannot be written as JSON", e);
        }
    }

    /** The evidence a record holds, or empty when it holds none or cannot be read. */
    public static Optional<RevocationEvidence> read(String json) {
        if (json == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(json, RevocationEvidence.class));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }
}
