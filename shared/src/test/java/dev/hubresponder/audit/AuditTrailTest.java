package dev.hubresponder.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubresponder.action.ActionOutcome;
import dev.hubresponder.action.ActionRunner;
import dev.hubresponder.action.WorkResult;
import dev.hubresponder.aws.ledger.DynamoDbActionLedger;
import dev.hubresponder.aws.securityhub.SecurityHubFindingNotes;
import dev.hubresponder.config.ResponderConfig;
import dev.hubresponder.finding.Finding;
import dev.hubresponder.ledger.ActionKey;
import dev.hubresponder.ledger.LedgerEntry;
import dev.hubresponder.ledger.LedgerState;
import dev.hubresponder.policy.ResponseAction;
import dev.hubresponder.testing.MotoLedger;
import dev.hubresponder.testing.MutableClock;
import dev.hubresponder.testing.RecordingMetrics;
import dev.hubresponder.testing.SecurityHubStub;
import dev.hubresponder.testing.TestFindings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A finding's way from action to note: the ledger on moto's DynamoDB, the note on a WireMock Security Hub.
 * Preconditions: {@code moto_server} installed (started by the test on 127.0.0.1; the test fails naming the install
 * command when missing); WireMock binds 127.0.0.1 only.
 */
class AuditTrailTest {
    static final Instant T0 = Instant.parse("2026-11-26T10:15:30Z");
    static final Duration LEASE = Duration.ofMinutes(5);

    @RegisterExtension
    static final MotoLedger MOTO = new MotoLedger();

    SecurityHubStub hub;
    MutableClock clock;
    DynamoDbActionLedger ledger;
    RecordingMetrics metrics;
    ActionRunner runner;
    AuditTrail audit;
    Finding finding;
    ActionKey key;

    @BeforeEach
    void setUp() {
        hub = new SecurityHubStub();
        clock = new MutableClock(T0);
        ledger = MOTO.fresh(clock);
        metrics = new RecordingMetrics();
        runner = new ActionRunner(ledger, ResponderConfig.defaults(), metrics, LEASE, clock);
        audit = new AuditTrail(new SecurityHubFindingNotes(hub.client(), 3, Duration.ofMillis(5)), ledger, metrics,
                LEASE, clock);
        finding = TestFindings.guardDuty("arn:aws:guardduty:us-east-1:111122223333:detector/d/finding/f1",
                "111122223333", T0.minusSeconds(60));
        key = new ActionKey(finding.id(), ResponseAction.QUARANTINE_INSTANCE, "i-0abc");
    }

    @AfterEach
    void stopStub() {
        hub.close();
    }

    NoteReport deliver(AtomicInteger actions) {
        ActionOutcome outcome = runner.run(key, finding, "critical", progress -> {
            actions.incrementAndGet();
            return WorkResult.done("quarantined i-0abc");
        });
        return audit.record(List.of(new AuditTrail.Settled(finding, outcome, null)));
    }

    @Test
    void findingDeliveredThreeTimesGetsOneActionOneRecordAndOneNote() {
        AtomicInteger actions = new AtomicInteger();

        deliver(actions);
        deliver(actions);
        deliver(actions);

        assertThat(actions).hasValue(1);
        assertThat(MOTO.dynamo().scan(r -> r.tableName(MotoLedger.TABLE)).count()).isEqualTo(1);
        assertThat(hub.bodies(SecurityHubStub.V1_PATH)).hasSize(1);
        LedgerEntry entry = ledger.find(key).orElseThrow();
        assertThat(entry.artifacts()).containsKey(AuditTrail.NOTED_AT);
        assertThat(hub.bodies(SecurityHubStub.V1_PATH).get(0).path("Note").path("Text").asText())
                .isEqualTo("hub-responder DONE QUARANTINE_INSTANCE i-0abc: quarantined i-0abc [ledger "
                        + key.ledgerId() + "]");
        assertThat(metrics.lines).contains("Notes 1 0");
    }

    @Test
    void laterDeliveryWritesTheNoteThatTheFirstOneNeverWrote() {
        AtomicInteger actions = new AtomicInteger();
        runner.run(key, finding, "critical", progress -> {
            actions.incrementAndGet();
            return WorkResult.done("quarantined i-0abc");
        });

        clock.advance(LEASE.plusSeconds(1));
        deliver(actions);
        deliver(actions);

        assertThat(actions).hasValue(1);
        assertThat(hub.bodies(SecurityHubStub.V1_PATH)).hasSize(1);
        assertThat(ledger.find(key).orElseThrow().state()).isEqualTo(LedgerState.DONE);
    }

    @Test
    void noteThatFailedIsNotMarkedWritten() {
        hub.failNext(finding.id(), "FindingNotFound");

        NoteReport report = deliver(new AtomicInteger());

        assertThat(report.failed()).extracting(NoteReport.Failure::errorCode).containsExactly("FindingNotFound");
        assertThat(ledger.find(key).orElseThrow().artifacts()).doesNotContainKey(AuditTrail.NOTED_AT);
        assertThat(metrics.lines).contains("Notes 0 1");
    }

    @Test
    void capRefusalsAreNotedWithTheirReason() {
        runner = new ActionRunner(ledger, ResponderConfig.fromEnv(Map.of("RESPONDER_MAX_CONTAINMENTS_PER_HOUR", "0")),
                metrics, LEASE, clock);

        deliver(new AtomicInteger());

        assertThat(hub.bodies(SecurityHubStub.V1_PATH).get(0).path("Note").path("Text").asText())
                .startsWith("hub-responder REFUSED QUARANTINE_INSTANCE i-0abc: containment cap reached");
    }
}
