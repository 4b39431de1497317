package dev.hubresponder.aws.ledger;

import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.SSESpecification;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The ledger table's definition: the one place that names its keys, indexes and TTL attribute. The SAM template
 * declares the same table (resource LedgerTable in template.yaml); tests create it from here.
 *
 * <ul>
 *   <li>{@value #PK}: the record's {@code ActionKey.asString()} ({@code <findingId>|<ACTION>|<target>}), or
 *       {@code cap|<account>|<hour>} for a cap marker, or {@code window|<window>} for a counted window (the
 *       untrusted-producer caps: {@code taken} and {@code heldBack} counts). No sort key: one item per key.</li>
 *   <li>{@value #BY_TARGET}: {@value #TARGET} + {@value #CREATED_AT}, newest first for release and unblock. Sparse:
 *       finding-level actions (ticket, alert) have no target attribute.</li>
 *   <li>{@value #BY_FINDING}: {@value #FINDING_ID} + {@value #CREATED_AT}, every record of one finding.</li>
 *   <li>{@value #BY_ACCOUNT_CONTAINMENT}: {@value #CAP_ACCOUNT} + {@value #CAP_AT}. Sparse: only containment
 *       records that were claimed to run carry these attributes, so counting an account's containments since a
 *       time is a Query with {@code Select=COUNT}, never a Scan.</li>
 *   <li>TTL on {@value #EXPIRE_RECORD_AT} (epoch seconds): set only on ticket, alert and digest records, on cap
 *       markers and on counted windows. Containment and release records never carry it, so they never expire.</li>
 * </ul>
 * Times in key attributes are fixed-width UTC ISO-8601 with milliseconds, so string order is time order.
 */
public final class LedgerTable {
    public static final String PK = "pk";
    public static final String TARGET = "target";
    public static final String FINDING_ID = "findingId";
    public static final String CREATED_AT = "createdAt";
    public static final String CAP_ACCOUNT = "capAccount";
    public static final String CAP_AT = "capAt";
    public static final String EXPIRE_RECORD_AT = "expireRecordAt";

    public static final String BY_TARGET = "byTarget";
    public static final String BY_FINDING = "byFinding";
    public static final String BY_ACCOUNT_CONTAINMENT = "byAccountContainment";

    private LedgerTable() {
    }

    /** On-demand, encrypted with a KMS key, three indexes projecting every attribute. */
    public static CreateTableRequest createTableRequest(String tableName) {
        return CreateTableRequest.builder()
                .tableName(tableName)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        string(PK), string(TARGET), string(FINDING_ID), string(CREATED_AT), string(CAP_ACCOUNT),
                        string(CAP_AT))
                .keySchema(hash(PK))
                .globalSecondaryIndexes(
                        index(BY_TARGET, TARGET, CREATED_AT),
                        index(BY_FINDING, FINDING_ID, CREATED_AT),
                        index(BY_ACCOUNT_CONTAINMENT, CAP_ACCOUNT, CAP_AT))
                .sseSpecification(SSESpecification.builder().enabled(true).build())
                .build();
    }

    /**
     * Creates the table as the template does: the table, then TTL and point-in-time recovery (separate API calls
     * outside CloudFormation). For tests and the local demo.
     */
    public static void create(DynamoDbClient dynamo, String tableName) {
        dynamo.createTable(createTableRequest(tableName));
        dynamo.waiter().waitUntilTableExists(r -> r.tableName(tableName));
        dynamo.updateTimeToLive(r -> r.tableName(tableName)
                .timeToLiveSpecification(t -> t.attributeName(EXPIRE_RECORD_AT).enabled(true)));
        dynamo.updateContinuousBackups(r -> r.tableName(tableName)
                .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));
    }

    private static AttributeDefinition string(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement hash(String name) {
        return KeySchemaElement.builder().attributeName(name).keyType(KeyType.HASH).build();
    }

    private static KeySchemaElement range(String name) {
        return KeySchemaElement.builder().attributeName(name).keyType(KeyType.RANGE).build();
    }

    private static GlobalSecondaryIndex index(String name, String hashKey, String rangeKey) {
        return GlobalSecondaryIndex.builder()
                .indexName(name)
                .keySchema(List.of(hash(hashKey), range(rangeKey)))
                .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                .build();
    }
}
