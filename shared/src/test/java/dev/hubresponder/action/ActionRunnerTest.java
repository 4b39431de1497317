package dev.hubresponder.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubresponder.aws.ledger.DynamoDbActionLedger;
import dev.hubresponder.config.ResponderConfig;
import dev.hubresponder.finding.Finding;
import dev.hubresponder.ledger.ActionKey;
import dev.hubresponder.ledger.ActionLedger;
import dev.hubresponder.ledger.LedgerEntry;
import dev.hubresponder.ledger.LedgerState;
import dev.hubresponder.policy.ResponseAction;
import dev.hubresponder.testing.MotoLedger;
import dev.hubresponder.testing.MutableClock;
import dev.hubresponder.testing.RecordingMetrics;
import dev.hubresponder.testing.TestFindings;
import dev.hubresponder.testkit.MotoServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Idempotency of actions on the DynamoDB ledger, against moto's DynamoDB. Precondition: {@code moto_server}
 * installed (the test starts it on a free 127.0.0.1 port, and fails naming the install command when it is missing).
 */
class ActionRunnerTest {
    static final Instant T0 = Instant.parse("2026-11-26T10:15:30Z");
    static final Instant FIRST_SEEN = T0.minus(Duration.ofMinutes(7));
    static final String ACCOUNT = "111122223333";
    static final Duration LEASE = Duration.ofMinutes(5);

    static MotoServer moto;
    static DynamoDbClient dynamo;

    MutableClock clock;
    DynamoDbActionLedger ledger;
    RecordingMetrics metrics;
    Finding finding;
    ActionKey key;

    @BeforeAll
    static void startMoto() {
        moto = MotoServer.start();
        dynamo = MotoLedger.client(moto);
    }

    @AfterAll
    static void stopMoto() {
        dynamo.close();
        moto.close();
    }

    @BeforeEach
    void freshLedger() {
        clock = new MutableClock(T0);
        ledger = MotoLedger.fresh(moto, dynamo, clock);
        metrics = new RecordingMetrics();
        finding = TestFindings.guardDuty("arn:aws:guardduty:us-east-1:111122223333:detector/d/finding/f1", ACCOUNT,
                FIRST_SEEN);
        key = new ActionKey(finding.id(), ResponseAction.QUARANTINE_INSTANCE, "i-0abc");
    }

    ActionRunner runner(Map<String, String> env) {
        return runner(ledger, env);
    }

    ActionRunner runner(ActionLedger onLedger, Map<String, String> env) {
        return new ActionRunner(onLedger, ResponderConfig.fromEnv(env), metrics, LEASE, clock);
    }

    static ActionWork counting(AtomicInteger runs) {
        return progress -> {
            runs.incrementAndGet();
            return WorkResult.done("quarantined i-0abc");
        };
    }

    int records() {
        return dynamo.scan(r -> r.tableName(MotoLedger.TABLE)).count();
    }

    @Test
    void findingDeliveredThreeTimesIsActedOnOnce() {
        ActionRunner runner = runner(Map.of());
        AtomicInteger runs = new AtomicInteger();

        ActionOutcome first = runner.run(key, finding, "critical SSH brute force", counting(runs));
        ActionOutcome second = runner.run(key, finding, "critical SSH brute force", counting(runs));
        ActionOutcome third = runner.run(key, finding, "critical SSH brute force", counting(runs));

        assertThat(runs).hasValue(1);
        assertThat(first.kind()).isEqualTo(ActionOutcome.Kind.DONE);
        assertThat(List.of(second.kind(), third.kind())).containsOnly(ActionOutcome.Kind.ALREADY_DONE);
        assertThat(third.entry().state()).isEqualTo(LedgerState.DONE);
        assertThat(third.reason()).isEqualTo("quarantined i-0abc");
        assertThat(records()).isEqualTo(1);
        assertThat(metrics.lines).containsExactly("ActionDONE QUARANTINE_INSTANCE CRITICAL",
                "TimeToContain QUARANTINE_INSTANCE CRITICAL 420");
    }

    @Test
    void twentyConcurrentDeliveriesRunTheActionOnceAndKeepOneRecord() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<Future<ActionOutcome>> deliveries = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ActionRunner own = runner(new DynamoDbActionLedger(MotoLedger.client(moto), MotoLedger.TABLE), Map.of());
            deliveries.add(pool.submit(() -> {
                start.await();
                return own.run(key, finding, "critical SSH brute force", progress -> {
                    runs.incrementAndGet();
                    progress.completeStep("isolate");
                    return WorkResult.done("quarantined i-0abc");
                });
            }));
        }
        start.countDown();
        int done = 0;
        int alreadyDoneOrInProgress = 0;
        for (Future<ActionOutcome> delivery : deliveries) {
            try {
                ActionOutcome outcome = delivery.get(60, TimeUnit.SECONDS);
                done += outcome.kind() == ActionOutcome.Kind.DONE ? 1 : 0;
                alreadyDoneOrInProgress += outcome.kind() == ActionOutcome.Kind.ALREADY_DONE ? 1 : 0;
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(ActionInProgressException.class);
                alreadyDoneOrInProgress++;
            }
        }
        pool.shutdown();

        assertThat(runs).hasValue(1);
        assertThat(done).isEqualTo(1);
        assertThat(alreadyDoneOrInProgress).isEqualTo(19);
        assertThat(records()).isEqualTo(1);
        assertThat(ledger.find(key).orElseThrow().completedSteps()).containsExactly("isolate");
    }

    @Test
    void retryAfterACrashBetweenPlannedAndDoneResumesAfterTheLastCompletedStep() {
        DyingLedger dying = new DyingLedger(ledger);
        AtomicInteger protects = new AtomicInteger();
        AtomicInteger isolations = new AtomicInteger();
        ActionWork quarantine = progress -> {
            progress.recordPreState("{\"eni-1\":[\"sg-" + (progress.isCompleted("protect") ? "quarantine" : "app")
                    + "\"]}");
            progress.step("protect", protects::incrementAndGet);
            dying.dieIfArmed();
            progress.step("isolate", isolations::incrementAndGet);
            return WorkResult.done("quarantined i-0abc");
        };

        dying.armed = true;
        assertThatThrownBy(() -> runner(dying, Map.of()).run(key, finding, "critical", quarantine))
                .isInstanceOf(ProcessDied.class);
        dying.armed = false;
        LedgerEntry leftBehind = ledger.find(key).orElseThrow();
        assertThat(leftBehind.state()).isEqualTo(LedgerState.PLANNED);
        assertThat(leftBehind.completedSteps()).containsExactly("protect");

        assertThatThrownBy(() -> runner(Map.of()).run(key, finding, "critical", quarantine))
                .as("a retry while the crashed delivery's lease runs waits")
                .isInstanceOf(ActionInProgressException.class);

        clock.advance(LEASE.plusSeconds(1));
        ActionOutcome resumed = runner(Map.of()).run(key, finding, "critical", quarantine);

        assertThat(resumed.kind()).isEqualTo(ActionOutcome.Kind.DONE);
        assertThat(protects).hasValue(1);
        assertThat(isolations).hasValue(1);
        LedgerEntry done = ledger.find(key).orElseThrow();
        assertThat(done.state()).isEqualTo(LedgerState.DONE);
        assertThat(done.completedSteps()).containsExactly("protect", "isolate");
        assertThat(done.preState()).as("the pre-state from before the first change").isEqualTo("{\"eni-1\":[\"sg-app\"]}");
        assertThat(done.leaseUntil()).isNull();
    }

    @Test
    void retryableFailureReleasesTheClaimSoTheRetryRunsAtOnce() {
        AtomicInteger attempts = new AtomicInteger();
        ActionWork flaky = progress -> {
            if (attempts.incrementAndGet() == 1) {
                throw new RetryableActionException("ec2 throttled ModifyNetworkInterfaceAttribute on eni-1");
            }
            return WorkResult.done("quarantined i-0abc");
        };

        assertThatThrownBy(() -> runner(Map.of()).run(key, finding, "critical", flaky))
                .isInstanceOf(RetryableActionException.class).hasMessageContaining("throttled");
        LedgerEntry released = ledger.find(key).orElseThrow();
        assertThat(released.state()).isEqualTo(LedgerState.PLANNED);
        assertThat(released.leaseUntil()).isNull();
        assertThat(released.reason()).contains("retryable failure").contains("throttled");

        ActionOutcome retried = runner(Map.of()).run(key, finding, "critical", flaky);

        assertThat(retried.kind()).isEqualTo(ActionOutcome.Kind.DONE);
        assertThat(attempts).hasValue(2);
    }

    @Test
    void permanentFailureIsRecordedAndNotRetried() {
        AtomicInteger attempts = new AtomicInteger();
        ActionWork broken = progress -> {
            attempts.incrementAndGet();
            return WorkResult.failed("quarantine of i-0abc failed: instance has no network interface");
        };

        ActionOutcome failed = runner(Map.of()).run(key, finding, "critical", broken);
        ActionOutcome again = runner(Map.of()).run(key, finding, "critical", broken);

        assertThat(failed.kind()).isEqualTo(ActionOutcome.Kind.FAILED);
        assertThat(failed.entry().state()).isEqualTo(LedgerState.FAILED);
        assertThat(again.kind()).isEqualTo(ActionOutcome.Kind.ALREADY_DONE);
        assertThat(attempts).hasValue(1);
        assertThat(metrics.lines).containsExactly("ActionFAILED QUARANTINE_INSTANCE CRITICAL");
    }

    @Test
    void killSwitchRefusesContainmentWithoutRunningIt() {
        AtomicInteger runs = new AtomicInteger();

        ActionOutcome outcome = runner(Map.of("RESPONDER_KILL_SWITCH", "true"))
                .run(key, finding, "critical", counting(runs));

        assertThat(outcome.kind()).isEqualTo(ActionOutcome.Kind.REFUSED);
        assertThat(outcome.reason()).contains("kill switch").contains("i-0abc");
        assertThat(ledger.find(key).orElseThrow().state()).isEqualTo(LedgerState.REFUSED);
        assertThat(runs).hasValue(0);
    }

    @Test
    void killSwitchStopsAContainmentLeftHalfDone() {
        ledger.claim(new LedgerEntry(key, key.ledgerId(), LedgerState.PLANNED, "critical", TestFindings.GUARDDUTY,
                ACCOUNT, "CRITICAL", "{}", List.of("protect"), Map.of(), T0, T0, null, 0, null));
        AtomicInteger runs = new AtomicInteger();

        ActionOutcome outcome = runner(Map.of("RESPONDER_KILL_SWITCH", "true"))
                .run(key, finding, "critical", counting(runs));

        assertThat(outcome.kind()).isEqualTo(ActionOutcome.Kind.REFUSED);
        assertThat(outcome.reason()).contains("kill switch").contains("[protect]");
        assertThat(runs).hasValue(0);
    }

    @Test
    void killSwitchLeavesTicketsAlone() {
        AtomicInteger runs = new AtomicInteger();
        ActionKey ticket = new ActionKey(finding.id(), ResponseAction.TICKET, null);

        ActionOutcome outcome = runner(Map.of("RESPONDER_KILL_SWITCH", "true"))
                .run(ticket, finding, "critical", counting(runs));

        assertThat(outcome.kind()).isEqualTo(ActionOutcome.Kind.DONE);
        assertThat(runs).hasValue(1);
    }

    @Test
    void shadowModeRecordsWhatWouldHaveBeenDoneAndChangesNothing() {
        AtomicInteger runs = new AtomicInteger();

        ActionOutcome outcome = runner(Map.of("RESPONDER_SHADOW_MODE", "true"))
                .run(key, finding, "critical SSH brute force", counting(runs));

        assertThat(outcome.kind()).isEqualTo(ActionOutcome.Kind.SHADOW);
        assertThat(outcome.reason()).isEqualTo(
                "shadow mode: would have done QUARANTINE_INSTANCE on i-0abc (critical SSH brute force)");
        assertThat(ledger.find(key).orElseThrow().state()).isEqualTo(LedgerState.SHADOW);
        assertThat(runs).hasValue(0);
        assertThat(ledger.countContainments(ACCOUNT, T0.minus(Duration.ofHours(1)))).isZero();
    }

    @Test
    void containmentRefusedByTheKillSwitchRunsWhenAskedForAgainAfterItIsLifted() {
        AtomicInteger runs = new AtomicInteger();
        runner(Map.of("RESPONDER_KILL_SWITCH", "true")).run(key, finding, "critical", counting(runs));

        ActionOutcome whileOn = runner(Map.of("RESPONDER_KILL_SWITCH", "true")).run(key, finding, "isolate",
                counting(runs));
        ActionOutcome afterwards = runner(Map.of()).run(key, finding, "analyst chose isolate", counting(runs));

        assertThat(whileOn.kind()).isEqualTo(ActionOutcome.Kind.ALREADY_DONE);
        assertThat(afterwards.kind()).isEqualTo(ActionOutcome.Kind.DONE);
        assertThat(runs).hasValue(1);
        assertThat(ledger.find(key).orElseThrow().state()).isEqualTo(LedgerState.DONE);
        assertThat(records()).isEqualTo(1);
    }

    @Test
    void policyRefusalIsActedOnWhenTheActionIsAskedForAgainAndAllowed() {
        AtomicInteger runs = new AtomicInteger();
        runner(Map.of()).refuse(key, finding, "tag hub-responder:protected=true on i-0abc");

        ActionOutcome afterTagRemoved = runner(Map.of()).run(key, finding, "analyst chose isolate", counting(runs));

        assertThat(afterTagRemoved.kind()).isEqualTo(ActionOutcome.Kind.DONE);
        assertThat(runs).hasValue(1);
    }

    @Test
    void workThatRefusesAgainForTheSameReasonReportsNothingNew() {
        ActionWork protectedLive = progress -> WorkResult.refused("i-0abc is protected: tag read from EC2");
        ActionOutcome first = runner(Map.of()).run(key, finding, "critical", protectedLive);

        ActionOutcome again = runner(Map.of()).run(key, finding, "critical", protectedLive);

        assertThat(first.kind()).isEqualTo(ActionOutcome.Kind.REFUSED);
        assertThat(again.kind()).isEqualTo(ActionOutcome.Kind.ALREADY_DONE);
        assertThat(again.isNew()).isFalse();
    }

    @Test
    void shadowRecordIsActedOnOnceShadowModeIsOff() {
        AtomicInteger runs = new AtomicInteger();
        runner(Map.of("RESPONDER_SHADOW_MODE", "true")).run(key, finding, "critical", counting(runs));

        ActionOutcome live = runner(Map.of()).run(key, finding, "critical", counting(runs));

        assertThat(live.kind()).isEqualTo(ActionOutcome.Kind.DONE);
        assertThat(runs).hasValue(1);
    }

    @Test
    void policyRefusalIsRecordedOnce() {
        ActionRunner runner = runner(Map.of());

        ActionOutcome first = runner.refuse(key, finding, "tag hub-responder:protected=true on i-0abc");
        ActionOutcome second = runner.refuse(key, finding, "tag hub-responder:protected=true on i-0abc");

        assertThat(first.kind()).isEqualTo(ActionOutcome.Kind.REFUSED);
        assertThat(second.kind()).isEqualTo(ActionOutcome.Kind.ALREADY_DONE);
        assertThat(second.entry().reason()).isEqualTo("tag hub-responder:protected=true on i-0abc");
    }

    @Test
    void refusesAnActionKeyOfAnotherFinding() {
        ActionKey other = new ActionKey("another-finding", ResponseAction.TICKET, null);

        assertThatThrownBy(() -> runner(Map.of()).run(other, finding, "x", counting(new AtomicInteger())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("another-finding");
    }

    /** The process ending mid-action: from the moment it is armed, nothing more reaches the ledger. */
    static final class ProcessDied extends RuntimeException {
        ProcessDied() {
            super("process died");
        }
    }

    @Test
    void untrustedTicketsPastTheHourlyCapAreHeldBackEvenWhenDeliveredConcurrently() throws Exception {
        ActionRunner runner = runner(Map.of("RESPONDER_MAX_UNTRUSTED_TICKETS_PER_HOUR", "3"));
        AtomicInteger opened = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<ActionOutcome>> outcomes = new ArrayList<>();
        try {
            for (int i = 1; i <= 8; i++) {
                Finding forged = TestFindings.forged("forged-" + i, ACCOUNT);
                outcomes.add(pool.submit(() -> {
                    start.await();
                    return runner.run(new ActionKey(forged.id(), ResponseAction.TICKET, "-"), forged, "CRITICAL",
                            counting(opened));
                }));
            }
            start.countDown();
            List<ActionOutcome.Kind> kinds = new ArrayList<>();
            for (Future<ActionOutcome> outcome : outcomes) {
                kinds.add(outcome.get(30, TimeUnit.SECONDS).kind());
            }

            assertThat(opened).hasValue(3);
            assertThat(kinds).filteredOn(k -> k == ActionOutcome.Kind.REFUSED).hasSize(5);
            assertThat(metrics.lines).filteredOn(l -> l.startsWith("UntrustedNotificationHeldBack TICKET"))
                    .hasSize(5).containsOnlyOnce("UntrustedNotificationHeldBack TICKET first");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aTrustedProducersTicketIsNeitherCountedNorHeldBack() {
        ActionRunner runner = runner(Map.of("RESPONDER_MAX_UNTRUSTED_TICKETS_PER_HOUR", "0"));
        AtomicInteger opened = new AtomicInteger();
        Finding forged = TestFindings.forged("forged-1", ACCOUNT);

        ActionOutcome genuine = runner.run(new ActionKey(finding.id(), ResponseAction.TICKET, "-"), finding,
                "CRITICAL", counting(opened));
        ActionOutcome heldBack = runner.run(new ActionKey(forged.id(), ResponseAction.TICKET, "-"), forged,
                "CRITICAL", counting(opened));

        assertThat(genuine.kind()).isEqualTo(ActionOutcome.Kind.DONE);
        assertThat(heldBack.kind()).isEqualTo(ActionOutcome.Kind.REFUSED);
        assertThat(heldBack.capReachedNow()).isTrue();
        assertThat(heldBack.reason()).contains("limited to 0 in hour 2026-11-26T10Z",
                "RESPONDER_MAX_UNTRUSTED_TICKETS_PER_HOUR", "1 held back so far");
        assertThat(opened).hasValue(1);
    }

    @Test
    void findingsOfAwsServicesAreNeverHeldBackButPartnerAndOwnProductFindingsAre() {
        ActionRunner runner = runner(Map.of("RESPONDER_MAX_UNTRUSTED_TICKETS_PER_HOUR", "0"));
        AtomicInteger opened = new AtomicInteger();
        Finding control = TestFindings.ofProduct("control-1", ACCOUNT,
                "arn:aws:securityhub:us-east-1::product/aws/securityhub");
        Finding inspector = TestFindings.ofProduct("cve-1", ACCOUNT,
                "arn:aws:securityhub:us-east-1::product/aws/inspector");
        Finding partner = TestFindings.ofProduct("partner-1", ACCOUNT,
                "arn:aws:securityhub:us-east-1::product/crowdstrike/crowdstrike-falcon");
        Finding ownProduct = TestFindings.ofProduct("own-1", ACCOUNT,
                "arn:aws:securityhub:us-east-1:" + ACCOUNT + ":product/aws/securityhub");

        List<ActionOutcome.Kind> kinds = List.of(control, inspector, partner, ownProduct).stream()
                .map(f -> runner.run(new ActionKey(f.id(), ResponseAction.TICKET, "-"), f, "HIGH",
                        counting(opened)).kind())
                .toList();

        assertThat(kinds).containsExactly(ActionOutcome.Kind.DONE, ActionOutcome.Kind.DONE,
                ActionOutcome.Kind.REFUSED, ActionOutcome.Kind.REFUSED);
        assertThat(opened).hasValue(2);
    }

    @Test
    void aHeldBackTicketIsOpenedWhenAskedForAgainInTheNextHour() {
        ActionRunner runner = runner(Map.of("RESPONDER_MAX_UNTRUSTED_TICKETS_PER_HOUR", "1"));
        AtomicInteger opened = new AtomicInteger();
        Finding first = TestFindings.forged("forged-1", ACCOUNT);
        Finding second = TestFindings.forged("forged-2", ACCOUNT);
        ActionKey secondTicket = new ActionKey(second.id(), ResponseAction.TICKET, "-");
        runner.run(new ActionKey(first.id(), ResponseAction.TICKET, "-"), first, "CRITICAL", counting(opened));
        ActionOutcome heldBack = runner.run(secondTicket, second, "CRITICAL", counting(opened));
        ActionOutcome sameHour = runner.run(secondTicket, second, "CRITICAL", counting(opened));

        clock.advance(Duration.ofHours(1));
        ActionOutcome nextHour = runner.run(secondTicket, second, "CRITICAL", counting(opened));

        assertThat(heldBack.kind()).isEqualTo(ActionOutcome.Kind.REFUSED);
        assertThat(sameHour.kind()).isEqualTo(ActionOutcome.Kind.ALREADY_DONE);
        assertThat(sameHour.capReachedNow()).isFalse();
        assertThat(nextHour.kind()).isEqualTo(ActionOutcome.Kind.DONE);
        assertThat(opened).hasValue(2);
    }

    @Test
    void whenTheUntrustedCountCannotBeReadNoTicketIsOpened() {
        DyingLedger unreadable = new DyingLedger(ledger);
        unreadable.countsUnreadable = true;
        ActionRunner runner = runner(unreadable, Map.of());
        AtomicInteger opened = new AtomicInteger();
        Finding forged = TestFindings.forged("forged-1", ACCOUNT);

        assertThatThrownBy(() -> runner.run(new ActionKey(forged.id(), ResponseAction.TICKET, "-"), forged,
                "CRITICAL", counting(opened))).hasMessageContaining("AccessDeniedException");

        assertThat(opened).hasValue(0);
        assertThat(ledger.find(new ActionKey(forged.id(), ResponseAction.TICKET, "-"))).isEmpty();
    }


    static final class DyingLedger implements ActionLedger {
        private final ActionLedger ledger;
        private final AtomicBoolean dead = new AtomicBoolean();
        volatile boolean armed;
        volatile boolean countsUnreadable;

        DyingLedger(ActionLedger ledger) {
            this.ledger = ledger;
        }

        void dieIfArmed() {
            if (armed) {
                dead.set(true);
                throw new ProcessDied();
            }
        }

        private void alive() {
            if (dead.get()) {
                throw new ProcessDied();
            }
        }

        @Override
        public Claim claim(LedgerEntry proposed) {
            alive();
            return ledger.claim(proposed);
        }

        @Override
        public Optional<LedgerEntry> find(ActionKey key) {
            alive();
            return ledger.find(key);
        }

        @Override
        public LedgerEntry update(LedgerEntry changed) {
            alive();
            return ledger.update(changed);
        }

        @Override
        public List<LedgerEntry> findByTarget(String target) {
            alive();
            return ledger.findByTarget(target);
        }

        @Override
        public List<LedgerEntry> findByFinding(String findingId) {
            alive();
            return ledger.findByFinding(findingId);
        }

        @Override
        public int countContainments(String accountId, Instant since) {
            alive();
            return ledger.countContainments(accountId, since);
        }

        @Override
        public boolean markCapReached(String accountId, Instant hourStart) {
            alive();
            return ledger.markCapReached(accountId, hourStart);
        }

        @Override
        public WindowPlace takeWindowPlace(String window, int limit) {
            alive();
            if (countsUnreadable) {
                throw new IllegalStateException("DynamoDB: AccessDeniedException on UpdateItem");
            }
            return ledger.takeWindowPlace(window, limit);
        }
    }
}
