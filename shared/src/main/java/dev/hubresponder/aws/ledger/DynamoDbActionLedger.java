package dev.hubresponder.aws.ledger;

import static dev.hubresponder.aws.ledger.LedgerTable.CAP_ACCOUNT;
import static dev.hubresponder.aws.ledger.LedgerTable.CAP_AT;
import static dev.hubresponder.aws.ledger.LedgerTable.CREATED_AT;
import static dev.hubresponder.aws.ledger.LedgerTable.EXPIRE_RECORD_AT;
import static dev.hubresponder.aws.ledger.LedgerTable.FINDING_ID;
import static dev.hubresponder.aws.ledger.LedgerTable.PK;
import static dev.hubresponder.aws.ledger.LedgerTable.TARGET;

import dev.hubresponder.ledger.ActionKey;
import dev.hubresponder.ledger.ActionLedger;
import dev.hubresponder.ledger.ConcurrentLedgerUpdateException;
import dev.hubresponder.ledger.LedgerEntry;
import dev.hubresponder.ledger.LedgerState;
import dev.hubresponder.policy.ResponseAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * The action ledger in one DynamoDB table, one item per {@link ActionKey}. See {@link LedgerTable} for the keys
 * and indexes.
 *
 * <p>{@link #claim} is a put conditioned on {@code attribute_not_exists(pk)}, so of any number of concurrent
 * deliveries exactly one creates the record. {@link #update} is a put conditioned on the {@code version} the
 * caller read, and writes the next version. Reads of one record are strongly consistent; index queries (by target,
 * by finding, the cap count) are eventually consistent, as DynamoDB's global secondary indexes are.
 *
 * <p>Records are never deleted. Ticket, alert and digest records carry {@code expireRecordAt} (the table's TTL
 * attribute) {@code retention} after their creation; containment and release records never do. Cap markers expire
 * after {@link #CAP_MARKER_RETENTION}.
 */
public final class DynamoDbActionLedger implements ActionLedger {
    /** Cap markers only need to outlive their hour; a week leaves room to look at them afterwards. */
    public static final Duration CAP_MARKER_RETENTION = Duration.ofDays(7);
    /** Default lifetime of non-containment records: longer than Security Hub keeps a finding (90 days). */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(400);

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HOUR =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH'Z'").withZone(ZoneOffset.UTC);

    /** Key texts longer than this (in UTF-8) are stored hashed; half of DynamoDB's limit leaves room to spare. */
    static final int MAX_KEY_BYTES = 1024;
    private static final String HASHED = "sha256:";
    private static final String FINDING_ID_TEXT = "findingIdText";
    private static final String TARGET_TEXT = "targetText";

    private final DynamoDbClient dynamo;
    private final String tableName;
    private final Duration retention;
    private final Clock clock;

    /**
     * @param dynamo    a client built once at init
     * @param tableName the ledger table ({@code LEDGER_TABLE} in the functions' environment)
     * @param retention how long ticket, alert and digest records are kept before TTL may delete them
     * @param clock     the time cap markers are stamped with
     */
    public DynamoDbActionLedger(DynamoDbClient dynamo, String tableName, Duration retention, Clock clock) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.tableName = Objects.requireNonNull(tableName, "tableName");
        this.retention = Objects.requireNonNull(retention, "retention");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public DynamoDbActionLedger(DynamoDbClient dynamo, String tableName) {
        this(dynamo, tableName, DEFAULT_RETENTION, Clock.systemUTC());
    }

    /** Creates the record with version 1 unless one exists for its key. */
    @Override
    public Claim claim(LedgerEntry proposed) {
        LedgerEntry first = withVersion(proposed, 1);
        try {
            dynamo.putItem(r -> r.tableName(tableName)
                    .item(toItem(first))
                    .conditionExpression("attribute_not_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", PK)));
            return new Claim(true, first);
        } catch (ConditionalCheckFailedException e) {
            LedgerEntry existing = find(proposed.key()).orElseThrow(() -> new ConcurrentLedgerUpdateException(
                    "ledger record " + proposed.key().asString() + " exists but could not be read back"));
            return new Claim(false, existing);
        }
    }

    @Override
    public Optional<LedgerEntry> find(ActionKey key) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(tableName)
                .key(Map.of(PK, s(keyValue(key.asString()))))
                .consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    @Override
    public LedgerEntry update(LedgerEntry changed) {
        LedgerEntry next = withVersion(changed, changed.version() + 1);
        try {
            dynamo.putItem(r -> r.tableName(tableName)
                    .item(toItem(next))
                    .conditionExpression("#version = :read")
                    .expressionAttributeNames(Map.of("#version", "version"))
                    .expressionAttributeValues(Map.of(":read", n(changed.version()))));
            return next;
        } catch (ConditionalCheckFailedException e) {
            throw new ConcurrentLedgerUpdateException("ledger record " + changed.key().asString()
                    + " changed after version " + changed.version() + " was read");
        }
    }

    @Override
    public List<LedgerEntry> findByTarget(String target) {
        return queryNewestFirst(LedgerTable.BY_TARGET, TARGET, keyValue(target));
    }

    @Override
    public List<LedgerEntry> findByFinding(String findingId) {
        return queryNewestFirst(LedgerTable.BY_FINDING, FINDING_ID, keyValue(findingId));
    }

    @Override
    public int countContainments(String accountId, Instant since) {
        QueryRequest request = QueryRequest.builder()
                .tableName(tableName)
                .indexName(LedgerTable.BY_ACCOUNT_CONTAINMENT)
                .keyConditionExpression("#account = :account AND #at >= :since")
                .expressionAttributeNames(Map.of("#account", CAP_ACCOUNT, "#at", CAP_AT))
                .expressionAttributeValues(Map.of(":account", s(accountId), ":since", s(TIME.format(since))))
                .select(Select.COUNT)
                .build();
        int count = 0;
        for (QueryResponse page : dynamo.queryPaginator(request)) {
            count += page.count();
        }
        return count;
    }

    @Override
    public boolean markCapReached(String accountId, Instant hourStart) {
        Instant now = clock.instant();
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, s("cap|" + accountId + "|" + HOUR.format(hourStart)));
        item.put("accountId", s(accountId));
        item.put("hour", s(HOUR.format(hourStart)));
        item.put(CREATED_AT, s(TIME.format(now)));
        item.put(EXPIRE_RECORD_AT, n(now.plus(CAP_MARKER_RETENTION).getEpochSecond()));
        try {
            dynamo.putItem(r -> r.tableName(tableName)
                    .item(item)
                    .conditionExpression("attribute_not_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", PK)));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * One item per window ({@code window|<window>}) holding {@code taken} and {@code heldBack} counts: an
     * {@code ADD} conditioned on {@code taken < limit}, else an {@code ADD} to {@code heldBack} that returns the
     * new count. The item expires with cap markers.
     */
    @Override
    public WindowPlace takeWindowPlace(String window, int limit) {
        Map<String, AttributeValue> key = Map.of(PK, s(keyValue("window|" + window)));
        Map<String, String> names = Map.of("#taken", "taken", "#window", "window", "#exp", EXPIRE_RECORD_AT);
        Map<String, AttributeValue> values = Map.of(":one", n(1), ":window", s(window),
                ":exp", n(clock.instant().plus(CAP_MARKER_RETENTION).getEpochSecond()));
        String always = " SET #window = if_not_exists(#window, :window), #exp = if_not_exists(#exp, :exp)";
        if (limit > 0) {
            Map<String, AttributeValue> withLimit = new HashMap<>(values);
            withLimit.put(":limit", n(limit));
            try {
                dynamo.updateItem(r -> r.tableName(tableName).key(key)
                        .updateExpression("ADD #taken :one" + always)
                        .conditionExpression("attribute_not_exists(#taken) OR #taken < :limit")
                        .expressionAttributeNames(names)
                        .expressionAttributeValues(withLimit));
                return new WindowPlace(true, 0);
            } catch (ConditionalCheckFailedException full) {
                // The window is full: count this one as held back.
            }
        }
        Map<String, AttributeValue> held = dynamo.updateItem(r -> r.tableName(tableName).key(key)
                .updateExpression("ADD #held :one" + always)
                .expressionAttributeNames(Map.of("#held", "heldBack", "#window", "window",
                        "#exp", EXPIRE_RECORD_AT))
                .expressionAttributeValues(values)
                .returnValues(ReturnValue.UPDATED_NEW)).attributes();
        return new WindowPlace(false, Integer.parseInt(held.get("heldBack").n()));
    }

    private List<LedgerEntry> queryNewestFirst(String index, String attribute, String value) {
        QueryRequest request = QueryRequest.builder()
                .tableName(tableName)
                .indexName(index)
                .keyConditionExpression("#k = :v")
                .expressionAttributeNames(Map.of("#k", attribute))
                .expressionAttributeValues(Map.of(":v", s(value)))
                .scanIndexForward(false)
                .build();
        return dynamo.queryPaginator(request).items().stream().map(DynamoDbActionLedger::fromItem).toList();
    }

    private Map<String, AttributeValue> toItem(LedgerEntry e) {
        ActionKey key = e.key();
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, s(keyValue(key.asString())));
        putKey(item, FINDING_ID, FINDING_ID_TEXT, key.findingId());
        item.put("action", s(key.action().name()));
        if (!ActionKey.NO_TARGET.equals(key.target())) {
            putKey(item, TARGET, TARGET_TEXT, key.target());
        }
        item.put("ledgerId", s(e.ledgerId() != null ? e.ledgerId() : key.ledgerId()));
        item.put("state", s(e.state().name()));
        putIfPresent(item, "reason", e.reason());
        putIfPresent(item, "productArn", e.productArn());
        putIfPresent(item, "accountId", e.accountId());
        putIfPresent(item, "severity", e.severity());
        putIfPresent(item, "preState", e.preState());
        item.put("completedSteps", AttributeValue.fromL(e.completedSteps().stream().map(DynamoDbActionLedger::s)
                .toList()));
        item.put("artifacts", AttributeValue.fromM(e.artifacts().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, a -> s(a.getValue())))));
        Instant createdAt = Objects.requireNonNull(e.createdAt(), "createdAt of " + key.asString());
        item.put(CREATED_AT, s(TIME.format(createdAt)));
        putIfPresent(item, "updatedAt", e.updatedAt());
        putIfPresent(item, "undoAt", e.expiresAt());
        putIfPresent(item, "leaseUntil", e.leaseUntil());
        item.put("version", n(e.version()));
        if (countsTowardsCap(e)) {
            item.put(CAP_ACCOUNT, s(e.accountId()));
            item.put(CAP_AT, s(TIME.format(createdAt)));
        }
        if (mayExpire(key.action())) {
            item.put(EXPIRE_RECORD_AT, n(createdAt.plus(retention).getEpochSecond()));
        }
        return item;
    }

    private static boolean countsTowardsCap(LedgerEntry e) {
        return e.key().action().isResourceContainment() && e.accountId() != null
                && e.state() != LedgerState.REFUSED && e.state() != LedgerState.SHADOW;
    }

    private static boolean mayExpire(ResponseAction action) {
        return !action.isContainment() && !action.isRelease();
    }

    private static LedgerEntry fromItem(Map<String, AttributeValue> item) {
        ActionKey key = new ActionKey(keyText(item, FINDING_ID, FINDING_ID_TEXT),
                ResponseAction.valueOf(text(item, "action")), keyText(item, TARGET, TARGET_TEXT));
        AttributeValue steps = item.get("completedSteps");
        AttributeValue artifacts = item.get("artifacts");
        return new LedgerEntry(
                key,
                text(item, "ledgerId"),
                LedgerState.valueOf(text(item, "state")),
                text(item, "reason"),
                text(item, "productArn"),
                text(item, "accountId"),
                text(item, "severity"),
                text(item, "preState"),
                steps == null ? List.of() : steps.l().stream().map(AttributeValue::s).toList(),
                artifacts == null ? Map.of() : artifacts.m().entrySet().stream()
                        .collect(Collectors.toMap(Map.Entry::getKey, a -> a.getValue().s())),
                time(item, CREATED_AT),
                time(item, "updatedAt"),
                time(item, "undoAt"),
                Long.parseLong(item.get("version").n()),
                time(item, "leaseUntil"));
    }

    private static LedgerEntry withVersion(LedgerEntry e, long version) {
        return new LedgerEntry(e.key(), e.ledgerId() != null ? e.ledgerId() : e.key().ledgerId(), e.state(),
                e.reason(), e.productArn(), e.accountId(), e.severity(), e.preState(), e.completedSteps(),
                e.artifacts(), millis(e.createdAt()), millis(e.updatedAt()), millis(e.expiresAt()), version,
                millis(e.leaseUntil()));
    }

    private static Instant millis(Instant t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * The value a key attribute holds for a text: the text itself when it fits well inside DynamoDB's 2,048-byte
     * partition key limit (which also holds for the indexes' keys), else {@code sha256:} and its SHA-256 in hex.
     * A finding id may be 512 characters of up to 4 bytes each, and a target text is the producer's, so without
     * this a long id fails every write for its finding: no ticket, no alert. A short text that itself starts with
     * {@code sha256:} is hashed too, so that no text can take another's hashed key.
     */
    static String keyValue(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_KEY_BYTES && !text.startsWith(HASHED)) {
            return text;
        }
        try {
            return HASHED + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** A key attribute, and the text itself in a plain attribute when the key holds its hash. */
    private static void putKey(Map<String, AttributeValue> item, String keyName, String textName, String text) {
        String value = keyValue(text);
        item.put(keyName, s(value));
        if (!value.equals(text)) {
            item.put(textName, s(text));
        }
    }

    private static String keyText(Map<String, AttributeValue> item, String keyName, String textName) {
        String text = text(item, textName);
        return text != null ? text : text(item, keyName);
    }

    private static void putIfPresent(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, s(value));
        }
    }

    private static void putIfPresent(Map<String, AttributeValue> item, String name, Instant value) {
        if (value != null) {
            item.put(name, s(TIME.format(value)));
        }
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    private static Instant time(Map<String, AttributeValue> item, String name) {
        String value = text(item, name);
        return value == null ? null : Instant.parse(value);
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
