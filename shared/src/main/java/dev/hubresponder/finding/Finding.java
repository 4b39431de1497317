package dev.hubresponder.finding;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One Security Hub finding, normalized from ASFF or OCSF into what the responder decides on.
 * Fields the producer did not give are null (scalars) or empty (collections); the fields a decision needs
 * (id, productArn, accountId, severity) are always present, since intake rejects findings without them.
 *
 * @param schema            the format it arrived in
 * @param id                the finding id (ASFF {@code Id}, OCSF {@code finding_info.uid})
 * @param productArn        the producer's product ARN ({@code ProductArn}, OCSF {@code metadata.product.uid})
 * @param productName       the product's display name (not trusted for decisions)
 * @param companyName       the producer's company name (not trusted for decisions)
 * @param accountId         the account the finding is about
 * @param region            the finding's region
 * @param types             ASFF finding types ({@code TTPs/…}, {@code Software and Configuration Checks/…})
 * @param severity          the severity label
 * @param normalizedScore   0–100, when given
 * @param recordState       ACTIVE or ARCHIVED
 * @param workflowStatus    NEW, NOTIFIED, RESOLVED, SUPPRESSED
 * @param title             the finding's title
 * @param description       the finding's description
 * @param createdAt         when the producer created it
 * @param updatedAt         when the producer last updated it
 * @param firstObservedAt   when the behaviour was first seen
 * @param resources         the resources it names
 * @param remoteAddresses   remote addresses it names, unvalidated
 * @param resourceRole      whether the resource is the ACTOR or the TARGET
 * @param userDefinedFields ASFF {@code UserDefinedFields}; the responder's own marks carry {@code hub-responder.} keys
 * @param ocsfMetadataUid   OCSF {@code metadata.uid}, the identifier {@code BatchUpdateFindingsV2} takes; null for ASFF
 */
public record Finding(FindingSchema schema, String id, String productArn, String productName, String companyName,
                      String accountId, String region, List<String> types, Severity severity, Double normalizedScore,
                      String recordState, String workflowStatus, String title, String description, Instant createdAt,
                      Instant updatedAt, Instant firstObservedAt, List<Resource> resources,
                      List<RemoteAddress> remoteAddresses, ResourceRole resourceRole,
                      Map<String, String> userDefinedFields, String ocsfMetadataUid) {

    /** Prefix of the {@code UserDefinedFields} keys that the responder writes back. */
    public static final String OWN_FIELD_PREFIX = "hub-responder.";

    public Finding {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(productArn, "productArn");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(resourceRole, "resourceRole");
        types = List.copyOf(types);
        resources = List.copyOf(resources);
        remoteAddresses = List.copyOf(remoteAddresses);
        userDefinedFields = Map.copyOf(userDefinedFields);
    }

    /** True when the responder has already written its marks on this finding. */
    public boolean carriesResponderMarks() {
        return userDefinedFields.keySet().stream().anyMatch(k -> k.startsWith(OWN_FIELD_PREFIX));
    }

    /** The first type, or null; used where one type has to stand for the finding (alert attributes). */
    public String primaryType() {
        return types.isEmpty() ? null : types.get(0);
    }
}
