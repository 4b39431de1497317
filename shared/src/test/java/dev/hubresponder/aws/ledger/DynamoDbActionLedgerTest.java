package dev.hubresponder.aws.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubresponder.ledger.ActionKey;
import dev.hubresponder.ledger.ActionLedger.Claim;
import dev.hubresponder.ledger.ActionLedger;
import dev.hubresponder.ledger.ConcurrentLedgerUpdateException;
import dev.hubresponder.ledger.LedgerEntry;
import dev.hubresponder.ledger.LedgerState;
import dev.hubresponder.policy.ResponseAction;
import dev.hubresponder.testkit.MotoServer;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;

/**
 * The DynamoDB ledger against moto's DynamoDB. Precondition: {@code moto_server} installed (the test starts it on a
 * free 127.0.0.1 port and fails, naming the install command, when it is missing). The table is created from
 * {@link LedgerTable}, the same definition the template notes describe.
 */
class DynamoDbActionLedgerTest {
    static final String TABLE = "hub-responder-ledger";
    static final Instant NOW = Instant.parse("2026-11-26T10:15:30.123Z");

    static MotoServer moto;
    static DynamoDbClient dynamo;
    DynamoDbActionLedger ledger;

    @BeforeAll
    static void startMoto() {
        moto = MotoServer.start();
        dynamo = client(moto.endpointUri());
    }

    @AfterAll
    static void stopMoto() {
        dynamo.close();
        moto.close();
    }

    @BeforeEach
    void freshTable() {
        moto.reset();
        LedgerTable.create(dynamo, TABLE);
        ledger = new DynamoDbActionLedger(dynamo, TABLE, Duration.ofDays(30), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    static DynamoDbClient client(URI endpoint) {
        return MotoServer.client(DynamoDbClient.builder(), endpoint)
                .build();
    }

    static LedgerEntry planned(ActionKey key, String account, Instant at) {
        return new LedgerEntry(key, key.ledgerId(), LedgerState.PLANNED, "critical threat", "arn:aws:securityhub:"
                + "us-east-1::product/aws/guardduty", account, "CRITICAL", null, List.of(), Map.of(), at, at, null, 0,
                at.plusSeconds(300));
    }

    @Test
    void createsTheTableWithItsIndexesTtlAndPointInTimeRecovery() {
        DescribeTableResponse table = dynamo.describeTable(r -> r.tableName(TABLE));

        assertThat(table.table().globalSecondaryIndexes()).extracting(i -> i.indexName())
                .containsExactlyInAnyOrder("byTarget", "byFinding", "byAccountContainment");
        assertThat(dynamo.describeTimeToLive(r -> r.tableName(TABLE)).timeToLiveDescription().attributeName())
                .isEqualTo("expireRecordAt");
        assertThat(dynamo.describeContinuousBackups(r -> r.tableName(TABLE)).continuousBackupsDescription()
                .pointInTimeRecoveryDescription().pointInTimeRecoveryStatusAsString()).isEqualTo("ENABLED");
    }

    @Test
    void storesAndReadsBackEveryField() {
        ActionKey key = new ActionKey("finding-1", ResponseAction.QUARANTINE_INSTANCE, "i-0abc");
        LedgerEntry entry = planned(key, "111122223333", NOW)
                .withPreState("{\"groups\":[\"sg-1\"]}", NOW)
                .withCompletedStep("protect", NOW)
                .withArtifact("snapshot", "snap-1", NOW);

        ledger.claim(entry);

        LedgerEntry read = ledger.find(key).orElseThrow();
        assertThat(read.preState()).isEqualTo("{\"groups\":[\"sg-1\"]}");
        assertThat(read.completedSteps()).containsExactly("protect");
        assertThat(read.artifacts()).containsEntry("snapshot", "snap-1");
        assertThat(read.createdAt()).isEqualTo(NOW);
        assertThat(read.leaseUntil()).isEqualTo(NOW.plusSeconds(300));
        assertThat(read.version()).isEqualTo(1);
        assertThat(read.ledgerId()).isEqualTo(key.ledgerId()).startsWith("hr-");
    }

    @Test
    void aFindingIdAtAsffsLengthLimitIsRecordedAndFoundByFindingAndTarget() {
        String longId = "\uD83D\uDE08".repeat(512);
        String longTarget = "arn:aws:ecs:us-east-1:111122223333:task/" + "c".repeat(1_500);
        ActionKey key = new ActionKey(longId, ResponseAction.STOP_TASK, longTarget);

        Claim claim = ledger.claim(planned(key, "111122223333", NOW));
        Claim again = ledger.claim(planned(key, "111122223333", NOW.plusSeconds(5)));

        assertThat(claim.won()).isTrue();
        assertThat(again.won()).isFalse();
        assertThat(ledger.find(key)).get().extracting(LedgerEntry::key).isEqualTo(key);
        assertThat(ledger.findByFinding(longId)).extracting(LedgerEntry::key).containsExactly(key);
        assertThat(ledger.findByTarget(longTarget)).extracting(LedgerEntry::key).containsExactly(key);
        Map<String, AttributeValue> item = dynamo.scan(r -> r.tableName(TABLE)).items().get(0);
        assertThat(item.get("pk").s()).startsWith("sha256:").hasSize("sha256:".length() + 64);
        assertThat(item.get("findingIdText").s()).isEqualTo(longId);
    }

    @Test
    void aShortIdThatLooksHashedDoesNotShareALongIdsRecords() {
        String longId = "x".repeat(2_000);
        ActionKey longKey = new ActionKey(longId, ResponseAction.TICKET, null);
        ledger.claim(planned(longKey, "111122223333", NOW));
        String lookalike = dynamo.scan(r -> r.tableName(TABLE)).items().get(0).get("findingId").s();
        ActionKey lookalikeKey = new ActionKey(lookalike, ResponseAction.TICKET, null);

        ledger.claim(planned(lookalikeKey, "111122223333", NOW));

        assertThat(ledger.findByFinding(lookalike)).extracting(LedgerEntry::key).containsExactly(lookalikeKey);
        assertThat(ledger.findByFinding(longId)).extracting(LedgerEntry::key).containsExactly(longKey);
    }

    @Test
    void secondClaimOfTheSameKeyGetsTheExistingRecord() {
        ActionKey key = new ActionKey("finding-1", ResponseAction.QUARANTINE_INSTANCE, "i-0abc");

        Claim first = ledger.claim(planned(key, "111122223333", NOW));
        Claim second = ledger.claim(planned(key, "111122223333", NOW.plusSeconds(5)));

        assertThat(first.won()).isTrue();
        assertThat(second.won()).isFalse();
        assertThat(second.entry().createdAt()).isEqualTo(NOW);
    }

    @Test
    void twentyConcurrentClaimsHaveExactlyOneWinner() throws Exception {
        ActionKey key = new ActionKey("finding-1", ResponseAction.STOP_TASK, "arn:aws:ecs:us-east-1:1:task/c/t1");
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Claim>> claims = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            DynamoDbActionLedger own = new DynamoDbActionLedger(client(moto.endpointUri()), TABLE);
            claims.add(pool.submit(() -> {
                start.await();
                return own.claim(planned(key, "111122223333", NOW));
            }));
        }
        start.countDown();
        int winners = 0;
        for (Future<Claim> claim : claims) {
            winners += claim.get(30, TimeUnit.SECONDS).won() ? 1 : 0;
        }
        pool.shutdown();

        assertThat(winners).isEqualTo(1);
        assertThat(dynamo.scan(r -> r.tableName(TABLE)).count()).isEqualTo(1);
    }

    @Test
    void updateWithAStaleVersionIsRejected() {
        ActionKey key = new ActionKey("finding-1", ResponseAction.QUARANTINE_INSTANCE, "i-0abc");
        LedgerEntry claimed = ledger.claim(planned(key, "111122223333", NOW)).entry();

        LedgerEntry done = ledger.update(claimed.withState(LedgerState.DONE, "quarantined", NOW));

        assertThat(done.version()).isEqualTo(2);
        assertThat(ledger.find(key).orElseThrow().state()).isEqualTo(LedgerState.DONE);
        assertThatThrownBy(() -> ledger.update(claimed.withState(LedgerState.FAILED, "late writer", NOW)))
                .isInstanceOf(ConcurrentLedgerUpdateException.class)
                .hasMessageContaining("finding-1|QUARANTINE_INSTANCE|i-0abc");
        assertThat(ledger.find(key).orElseThrow().state()).isEqualTo(LedgerState.DONE);
    }

    @Test
    void findsRecordsOfATargetNewestFirstAndOfAFinding() {
        ActionKey older = new ActionKey("finding-1", ResponseAction.QUARANTINE_INSTANCE, "i-0abc");
        ActionKey newer = new ActionKey("finding-2", ResponseAction.QUARANTINE_INSTANCE, "i-0abc");
        ActionKey ticket = new ActionKey("finding-2", ResponseAction.TICKET, null);
        ledger.claim(planned(older, "111122223333", NOW));
        ledger.claim(planned(newer, "111122223333", NOW.plusSeconds(60)));
        ledger.claim(planned(ticket, "111122223333", NOW.plusSeconds(61)));

        assertThat(ledger.findByTarget("i-0abc")).extracting(LedgerEntry::key).containsExactly(newer, older);
        assertThat(ledger.findByFinding("finding-2")).extracting(LedgerEntry::key).containsExactly(ticket, newer);
    }

    @Test
    void countsStartedInstanceAndTaskContainmentsOfOneAccountSinceATime() {
        ledger.claim(planned(new ActionKey("f-1", ResponseAction.QUARANTINE_INSTANCE, "i-1"), "111122223333",
                NOW.minus(Duration.ofMinutes(90))));
        ledger.claim(planned(new ActionKey("f-2", ResponseAction.QUARANTINE_INSTANCE, "i-2"), "111122223333",
                NOW.minus(Duration.ofMinutes(30))));
        ledger.claim(planned(new ActionKey("f-3", ResponseAction.STOP_TASK, "task-3"), "111122223333", NOW));
        ledger.claim(planned(new ActionKey("f-4", ResponseAction.STOP_TASK, "task-4"), "444455556666", NOW));
        ledger.claim(planned(new ActionKey("f-7", ResponseAction.BLOCK_ADDRESS, "198.51.100.7/32"), "111122223333",
                NOW));
        ledger.claim(planned(new ActionKey("f-5", ResponseAction.TICKET, null), "111122223333", NOW));
        LedgerEntry refused = planned(new ActionKey("f-6", ResponseAction.QUARANTINE_INSTANCE, "i-6"),
                "111122223333", NOW).withState(LedgerState.REFUSED, "kill switch", NOW);
        ledger.claim(refused);

        assertThat(ledger.countContainments("111122223333", NOW.minus(Duration.ofHours(1)))).isEqualTo(2);
        assertThat(ledger.countContainments("444455556666", NOW.minus(Duration.ofHours(1)))).isEqualTo(1);
    }

    @Test
    void onlyNonContainmentRecordsCarryTheTtlAttribute() {
        ActionKey containment = new ActionKey("f-1", ResponseAction.QUARANTINE_INSTANCE, "i-1");
        ActionKey ticket = new ActionKey("f-1", ResponseAction.TICKET, null);
        ledger.claim(planned(containment, "111122223333", NOW));
        ledger.claim(planned(ticket, "111122223333", NOW));

        Map<String, AttributeValue> containmentItem = item(containment);
        Map<String, AttributeValue> ticketItem = item(ticket);

        assertThat(containmentItem).doesNotContainKey("expireRecordAt");
        assertThat(ticketItem.get("expireRecordAt").n())
                .isEqualTo(Long.toString(NOW.plus(Duration.ofDays(30)).getEpochSecond()));
        assertThat(ticketItem).doesNotContainKey("target");
    }

    @Test
    void capReachedIsMarkedOncePerAccountAndHour() {
        Instant hour = Instant.parse("2026-11-26T10:00:00Z");

        assertThat(ledger.markCapReached("111122223333", hour)).isTrue();
        assertThat(ledger.markCapReached("111122223333", hour)).isFalse();
        assertThat(ledger.markCapReached("111122223333", hour.plus(Duration.ofHours(1)))).isTrue();
        assertThat(ledger.markCapReached("444455556666", hour)).isTrue();
    }

    @Test
    void aCountedWindowGivesExactlyItsLimitOfPlacesToConcurrentCallersAndCountsTheRestHeldBack() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<ActionLedger.WindowPlace>> places = new ArrayList<>();
        try {
            for (int i = 0; i < 12; i++) {
                places.add(pool.submit(() -> {
                    start.await();
                    return ledger.takeWindowPlace("untrusted|ALERT|2026-11-26T10Z", 4);
                }));
            }
            start.countDown();
            List<ActionLedger.WindowPlace> taken = new ArrayList<>();
            for (Future<ActionLedger.WindowPlace> place : places) {
                taken.add(place.get(30, TimeUnit.SECONDS));
            }

            assertThat(taken).filteredOn(ActionLedger.WindowPlace::taken).hasSize(4);
            assertThat(taken).filteredOn(p -> !p.taken()).extracting(ActionLedger.WindowPlace::heldBack)
                    .containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8);
            assertThat(ledger.takeWindowPlace("untrusted|ALERT|2026-11-26T11Z", 4).taken()).isTrue();
            assertThat(ledger.takeWindowPlace("untrusted|TICKET|2026-11-26T10Z", 0))
                    .isEqualTo(new ActionLedger.WindowPlace(false, 1));
        } finally {
            pool.shutdownNow();
        }
    }

    private Map<String, AttributeValue> item(ActionKey key) {
        return dynamo.getItem(r -> r.tableName(TABLE).key(Map.of("pk", AttributeValue.fromS(key.asString()))))
                .item();
    }
}
