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
 * @param sample            true for a sample finding (ASFF {@code Sample}, GuardDuty's
 *                          {@code ProductFields["aws/guardduty/service/additionalInfo/sample"]}): never contained
 * @param attackSequence    the GuardDuty attack sequence ({@code Detection.Sequence}), or null
 */
public record Finding(FindingSchema schema, String id, String productArn, String productName, String companyName,
                      String accountId, String region, List<String> types, Severity severity, Double normalizedScore,
                      String recordState, String workflowStatus, String title, String description, Instant createdAt,
                      Instant updatedAt, Instant firstObservedAt, List<Resource> resources,
                      List<RemoteAddress> remoteAddresses, ResourceRole resourceRole,
                      Map<String, String> userDefinedFields, String ocsfMetadataUid, boolean sample,
                      AttackSequence attackSequence) {

    /** Prefix of the {@code UserDefinedFields} keys that the responder writes back. */
    public static final String OWN_FIELD_PREFIX = "hub-responder.";

    /** A finding that is neither a sample nor an attack sequence. */
    public Finding(FindingSchema schema, String id, String productArn, String productName, String companyName,
                   String accountId, String region, List<String> types, Severity severity, Double normalizedScore,
                   String recordState, String workflowStatus, String title, String description, Instant createdAt,
                   Instant updatedAt, Instant firstObservedAt, List<Resource> resources,
                   List<RemoteAddress> remoteAddresses, ResourceRole resourceRole,
                   Map<String, String> userDefinedFields, String ocsfMetadataUid) {
        this(schema, id, productArn, productName, companyName, accountId, region, types, severity, normalizedScore,
                recordState, workflowStatus, title, description, createdAt, updatedAt, firstObservedAt, resources,
                remoteAddresses, resourceRole, userDefinedFields, ocsfMetadataUid, false, null);
    }

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

    /** GuardDuty's own names of the finding's types ({@code Backdoor:EC2/C&CActivity.B!DNS}); see {@link GuardDutyType}. */
    public List<String> guardDutyTypes() {
        return GuardDutyType.names(types);
    }

    /** The first type, or null; used where one type has to stand for the finding (alert attributes). */
    public String primaryType() {
        return types.isEmpty() ? null : types.get(0);
    }
}
