package dev.hubresponder.action;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubresponder.aws.ledger.DynamoDbActionLedger;
import dev.hubresponder.config.ResponderConfig;
import dev.hubresponder.finding.Finding;
import dev.hubresponder.ledger.ActionKey;
import dev.hubresponder.ledger.LedgerState;
import dev.hubresponder.policy.ResponseAction;
import dev.hubresponder.testing.MotoLedger;
import dev.hubresponder.testing.MutableClock;
import dev.hubresponder.testing.RecordingMetrics;
import dev.hubresponder.testing.TestFindings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The containment cap counted from the DynamoDB ledger, against moto's DynamoDB. Precondition: {@code moto_server}
 * installed (started by the test on 127.0.0.1; the test fails naming the install command when it is missing).
 */
class ContainmentCapTest {
    static final Instant T0 = Instant.parse("2026-11-26T10:05:00Z");
    static final String ACCOUNT = "111122223333";
    static final String OTHER_ACCOUNT = "444455556666";

    @RegisterExtension
    static final MotoLedger MOTO = new MotoLedger();

    MutableClock clock;
    DynamoDbActionLedger ledger;
    RecordingMetrics metrics;
    ActionRunner runner;
    AtomicInteger contained;

    @BeforeEach
    void freshLedger() {
        clock = new MutableClock(T0);
        ledger = MOTO.fresh(clock);
        metrics = new RecordingMetrics();
        runner = new ActionRunner(ledger, ResponderConfig.fromEnv(Map.of("RESPONDER_MAX_CONTAINMENTS_PER_HOUR", "3")),
                metrics, Duration.ofMinutes(5), clock);
        contained = new AtomicInteger();
    }

    ActionOutcome quarantine(String account, int n) {
        Finding finding = TestFindings.guardDuty("finding-" + account + "-" + n, account, T0);
        return runner.run(new ActionKey(finding.id(), ResponseAction.QUARANTINE_INSTANCE, "i-" + n), finding,
                "critical", progress -> {
                    contained.incrementAndGet();
                    return WorkResult.done("quarantined i-" + n);
                });
    }

    @Test
    void refusesContainmentPastTheCapAndSignalsItOnce() {
        List<ActionOutcome> outcomes = new ArrayList<>();
        for (int n = 1; n <= 6; n++) {
            outcomes.add(quarantine(ACCOUNT, n));
            clock.advance(Duration.ofMinutes(1));
        }

        assertThat(outcomes).extracting(ActionOutcome::kind).containsExactly(
                ActionOutcome.Kind.DONE, ActionOutcome.Kind.DONE, ActionOutcome.Kind.DONE,
                ActionOutcome.Kind.REFUSED, ActionOutcome.Kind.REFUSED, ActionOutcome.Kind.REFUSED);
        assertThat(contained).hasValue(3);
        assertThat(outcomes.get(3).reason()).isEqualTo("containment cap reached: 3 containments in account "
                + ACCOUNT + " in the last hour (limit 3, RESPONDER_MAX_CONTAINMENTS_PER_HOUR)");
        assertThat(outcomes).extracting(ActionOutcome::capReachedNow)
                .containsExactly(false, false, false, true, false, false);
        assertThat(metrics.lines).filteredOn(l -> l.startsWith("ContainmentCapReached"))
                .containsExactly("ContainmentCapReached " + ACCOUNT);
        assertThat(ledger.find(outcomes.get(4).entry().key()).orElseThrow().state()).isEqualTo(LedgerState.REFUSED);
    }

    @Test
    void containmentsRefusedEarlierAndAskedForAgainCountFromWhenTheyRun() {
        for (int n = 1; n <= 6; n++) {
            quarantine(ACCOUNT, n);
        }
        clock.advance(Duration.ofHours(2));

        List<ActionOutcome> again = new ArrayList<>();
        for (int n = 4; n <= 6; n++) {
            again.add(quarantine(ACCOUNT, n));
        }
        for (int n = 7; n <= 10; n++) {
            again.add(quarantine(ACCOUNT, n));
        }

        assertThat(again).extracting(ActionOutcome::kind).containsExactly(
                ActionOutcome.Kind.DONE, ActionOutcome.Kind.DONE, ActionOutcome.Kind.DONE,
                ActionOutcome.Kind.REFUSED, ActionOutcome.Kind.REFUSED, ActionOutcome.Kind.REFUSED,
                ActionOutcome.Kind.REFUSED);
        assertThat(contained).hasValue(6);
    }

    @Test
    void capCountsEachAccountOnItsOwn() {
        for (int n = 1; n <= 4; n++) {
            quarantine(ACCOUNT, n);
        }

        ActionOutcome other = quarantine(OTHER_ACCOUNT, 1);

        assertThat(other.kind()).isEqualTo(ActionOutcome.Kind.DONE);
    }

    @Test
    void containmentIsAllowedAgainOnceTheHourHasPassed() {
        for (int n = 1; n <= 4; n++) {
            quarantine(ACCOUNT, n);
        }

        clock.advance(Duration.ofMinutes(61));
        ActionOutcome later = quarantine(ACCOUNT, 5);

        assertThat(later.kind()).isEqualTo(ActionOutcome.Kind.DONE);
    }

    @Test
    void capReachedAgainInALaterHourIsSignalledAgain() {
        for (int n = 1; n <= 4; n++) {
            quarantine(ACCOUNT, n);
        }
        clock.advance(Duration.ofMinutes(61));
        for (int n = 5; n <= 9; n++) {
            quarantine(ACCOUNT, n);
        }

        assertThat(metrics.lines).filteredOn(l -> l.startsWith("ContainmentCapReached")).hasSize(2);
    }

    @Test
    void capOfZeroRefusesEveryContainment() {
        runner = new ActionRunner(ledger, ResponderConfig.fromEnv(Map.of("RESPONDER_MAX_CONTAINMENTS_PER_HOUR", "0")),
                metrics, Duration.ofMinutes(5), clock);

        ActionOutcome outcome = quarantine(ACCOUNT, 1);

        assertThat(outcome.kind()).isEqualTo(ActionOutcome.Kind.REFUSED);
        assertThat(contained).hasValue(0);
    }
}
