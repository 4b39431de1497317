package dev.hubresponder.containment.ecs;

import static dev.hubresponder.containment.ecs.TaskFindings.CLUSTER_ARN;
import static dev.hubresponder.containment.ecs.TaskFindings.runningTask;
import static dev.hubresponder.containment.ecs.TaskFindings.runtimeFinding;
import static dev.hubresponder.containment.ecs.TaskFindings.service;
import static dev.hubresponder.containment.ecs.TaskFindings.taskArn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubresponder.action.ActionOutcome;
import dev.hubresponder.action.ActionRunner;
import dev.hubresponder.action.Reach;
import dev.hubresponder.action.Reachable;
import dev.hubresponder.config.ResponderConfig;
import dev.hubresponder.containment.Change;
import dev.hubresponder.containment.Lookup;
import dev.hubresponder.finding.Finding;
import dev.hubresponder.ledger.ActionKey;
import dev.hubresponder.ledger.InMemoryActionLedger;
import dev.hubresponder.ledger.LedgerEntry;
import dev.hubresponder.ledger.LedgerState;
import dev.hubresponder.metrics.ResponderMetrics;
import dev.hubresponder.policy.PlannedAction;
import dev.hubresponder.policy.ResponseAction;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Guards, failures and resumption of {@link StopTask} and {@link ReleaseTask} where ECS's answers are scripted
 * ({@link FakeEcs}): access denied, throttling, answers moto cannot give. The emulator scenarios are in the
 * function's tests.
 */
class StopTaskTest {
    static final String TASK = taskArn("0123456789abcdef0123456789abcdef");
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T10:05:00Z"), ZoneOffset.UTC);

    FakeEcs ecs;
    /** ECS as the stage reaches it: the fake in us-east-1; no member role anywhere else. */
    Reachable<EcsTasks> reachable;
    InMemoryActionLedger ledger;
    Finding finding;

    @BeforeEach
    void setUp() {
        ecs = new FakeEcs();
        reachable = (where, findingId) -> where.region().equals("us-east-1") ? Reach.of(ecs)
                : Reach.refused("member role missing in " + where.accountId());
        ledger = new InMemoryActionLedger();
        finding = runtimeFinding("f-1", TASK, CLUSTER_ARN);
    }

    ActionOutcome stop(Map<String, String> env, String target) {
        ResponderConfig config = ResponderConfig.fromEnv(env);
        TaskContainmentSettings settings = TaskContainmentSettings.fromEnv(withRegion(env));
        ActionRunner runner = new ActionRunner(ledger, config, ResponderMetrics.NONE, Duration.ofMinutes(5), CLOCK);
        StopTask stopTask = new StopTask(reachable, config, settings, new ObjectMapper(), CLOCK);
        return runner.run(new PlannedAction(ResponseAction.STOP_TASK, target, "runtime threat", false), finding,
                stopTask.work(finding, target));
    }

    ActionOutcome release(String target) {
        ActionRunner runner = new ActionRunner(ledger, ResponderConfig.defaults(), ResponderMetrics.NONE,
                Duration.ofMinutes(5), CLOCK);
        return runner.run(new PlannedAction(ResponseAction.RELEASE_TASK, target, "analyst release", false), finding,
                new ReleaseTask(reachable, ledger, CLOCK).work(finding, target));
    }

    static Map<String, String> withRegion(Map<String, String> env) {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.putIfAbsent("AWS_REGION", "us-east-1");
        return all;
    }

    @Test
    void refusesAMalformedTargetWithoutCallingEcs() {
        ActionOutcome outcome = stop(Map.of(), "arn:aws:ecs:us-east-1:123456789012:task/prod-web/../../etc");

        assertThat(outcome.kind()).isEqualTo(ActionOutcome.Kind.REFUSED);
        assertThat(outcome.reason()).startsWith("stop task refused: ").contains("not a well-formed ECS task ARN");
        assertThat(ecs.calls).isEmpty();
    }

    @Test
    void refusesWhenTheTaskTagsCannotBeRead() {
        ecs.taskAnswers.put(TASK, Lookup.unreadable("AccessDeniedException: not authorized"));

        ActionOutcome outcome = stop(Map.of(), TASK);

        assertThat(outcome.kind()).isEqualTo(ActionOutcome.Kind.REFUSED);
        assertThat(outcome.reason()).contains("tags could not be read").contains("AccessDeniedException");
        assertThat(ecs.callsStartingWith("StopTask")).isZero();
    }

    @Test
    void refusesWhenTheServiceCarriesTheProtectionTag() {
        ecs.tasks.put(TASK, runningTask(TASK, "service:web", Map.of()));
        ecs.services.put("web", service("web", 3, Map.of("hub-responder:protected", "true")));

        ActionOutcome outcome = stop(Map.of(), TASK);

        assertThat(outcome.kind()).isEqualTo(ActionOutcome.Kind.REFUSED);
        assertThat(outcome.reason()).contains("tag hub-responder:protected=true on its service web");
        assertThat(ecs.callsStartingWith("StopTask")).isZero();
    }

    @Test
    void refusesWhenTheServiceCannotBeRead() {
        ecs.tasks.put(TASK, runningTask(TASK, "service:web", Map.of()));
        ecs.serviceAnswers.put("web", Lookup.unreadable("AccessDeniedException: no DescribeServices"));

        ActionOutcome outcome = stop(Map.of(), TASK);

        assertThat(outcome.kind()).isEqualTo(ActionOutcome.Kind.REFUSED);
        assertThat(outcome.reason()).contains("service web could not be read");
        assertThat(ecs.callsStartingWith("StopTask")).isZero();
    }

    @Test
    void refusesTaskInARegionItCannotReachWithoutCallingEcs() {
        String elsewhere = "arn:aws:ecs:eu-west-1:123456789012:task/prod-web/0123456789abcdef0123456789abcdef";
        finding = runtimeFinding("f-1", elsewhere, null);

        ActionOutcome outcome = stop(Map.of(), elsewhere);

        assertThat(outcome.kind()).isEqualTo(ActionOutcome.Kind.REFUSED);
        assertThat(outcome.reason()).isEqualTo("stop of task " + elsewhere + " refused: account 123456789012 in"
                + " eu-west-1 cannot be reached: member role missing in 123456789012");
        assertThat(outcome.entry().artifacts()).doesNotContainKey("actedInRegion");
        assertThat(ecs.calls).isEmpty();
    }

    @Test
    void refusesTaskOfAnotherAccountThanTheFinding() {
        String foreign = "arn:aws:ecs:us-east-1:999988887777:task/prod-web/0123456789abcdef0123456789abcdef";

        ActionOutcome outcome = stop(Map.of(), foreign);

        assertThat(outcome.kind()).isEqualTo(ActionOutcome.Kind.REFUSED);
        assertThat(outcome.reason()).contains("account 999988887777").contains("account 123456789012");
        assertThat(ecs.calls).isEmpty();
    }

    @Test
    void refusesWhenTheFindingAndTheArnNameDifferentClusters() {
        finding = runtimeFinding("f-1", TASK, "arn:aws:ecs:us-east-1:123456789012:cluster/staging");

        ActionOutcome outcome = stop(Map.of(), TASK);

        assertThat(outcome.kind()).isEqualTo(ActionOutcome.Kind.REFUSED);
        assertThat(outcome.reason()).contains("cluster/staging").contains("names cluster prod-web");
        assertThat(ecs.calls).isEmpty();
    }

    @Test
    void takesTheClusterFromTheFindingForAnOldFormatArn() {
        String old = "arn:aws:ecs:us-east-1:123456789012:task/1b2c3d4e-5f60-7182-93a4-b5c6d7e8f901";
        finding = runtimeFinding("f-1", old, CLUSTER_ARN);
        ecs.tasks.put(old, runningTask(old, "family:web", Map.of()));

        ActionOutcome outcome = stop(Map.of(), old);

        assertThat(outcome.kind()).isEqualTo(ActionOutcome.Kind.DONE);
        assertThat(ecs.calls).contains("StopTask " + CLUSTER_ARN + " " + old);
    }

    @Test
    void refusesAnOldFormatArnWhenTheFindingGivesNoCluster() {
        String old = "arn:aws:ecs:us-east-1:123456789012:task/1b2c3d4e-5f60-7182-93a4-b5c6d7e8f901";
        finding = runtimeFinding("f-1", old, null);

        ActionOutcome outcome = stop(Map.of(), old);

        assertThat(outcome.kind()).isEqualTo(ActionOutcome.Kind.REFUSED);
        assertThat(outcome.reason()).contains("does not name the cluster");
        assertThat(ecs.calls).isEmpty();
    }

    @Test
    void recordsAStopEcsRefusesAsFailedWithItsReason() {
        ecs.tasks.put(TASK, runningTask(TASK, "family:web", Map.of()));
        ecs.stopAnswer = Change.failed("StopTask of " + TASK + " failed: AccessDeniedException: denied");

        ActionOutcome outcome = stop(Map.of(), TASK);

        assertThat(outcome.kind()).isEqualTo(ActionOutcome.Kind.FAILED);
        assertThat(outcome.reason()).contains("could not be stopped").contains("AccessDeniedException");
        assertThat(outcome.entry().preState()).contains("eni-0abc");
    }

    @Test
    void stillStopsTheTaskWhenItsServiceCannotBeScaled() {
        ecs.tasks.put(TASK, runningTask(TASK, "service:web", Map.of()));
        ecs.services.put("web", service("web", 3, Map.of()));
        ecs.scaleAnswer = Change.failed("UpdateService of web failed: AccessDeniedException");

        ActionOutcome outcome = stop(Map.of("RESPONDER_ECS_SERVICE_RESPONSE", "scale-to-zero"), TASK);

        assertThat(outcome.kind()).isEqualTo(ActionOutcome.Kind.DONE);
        assertThat(outcome.reason()).contains("could not be scaled to 0")
                .contains("the scheduler will start a replacement from " + TaskFindings.TASK_DEFINITION);
        assertThat(ecs.callsStartingWith("StopTask")).isEqualTo(1);
    }

    @Test
    void resumesAfterEcsWasUnreachableWithoutReadingOrScalingTwice() {
        ecs.tasks.put(TASK, runningTask(TASK, "service:web", Map.of("team", "payments")));
        ecs.services.put("web", service("web", 3, Map.of()));
        ecs.stopFailures.push(new EcsUnavailableException("StopTask did not complete",
                SdkClientException.create("connection reset")));
        Map<String, String> env = Map.of("RESPONDER_ECS_SERVICE_RESPONSE", "scale-to-zero");

        assertThatThrownBy(() -> stop(env, TASK)).isInstanceOf(EcsUnavailableException.class);
        LedgerEntry halfway = ledger.find(new ActionKey("f-1", ResponseAction.STOP_TASK, TASK)).orElseThrow();
        assertThat(halfway.state()).isEqualTo(LedgerState.PLANNED);
        assertThat(halfway.completedSteps()).containsExactly(StopTask.EVIDENCE_RECORDED,
                StopTask.SERVICE_COUNT_RECORDED, StopTask.SERVICE_SCALED_TO_ZERO);

        ActionOutcome retried = stop(env, TASK);

        assertThat(retried.kind()).isEqualTo(ActionOutcome.Kind.DONE);
        assertThat(retried.reason()).contains("service web scaled from 3 to 0");
        assertThat(retried.entry().preState()).contains("\"team\":\"payments\"");
        assertThat(ecs.callsStartingWith("DescribeTasks")).isEqualTo(1);
        assertThat(ecs.callsStartingWith("UpdateService")).isEqualTo(1);
        assertThat(ecs.callsStartingWith("StopTask")).isEqualTo(2);
    }

    @Test
    void releaseLeavesAServiceCountSomeoneChangedSince() {
        ecs.tasks.put(TASK, runningTask(TASK, "service:web", Map.of()));
        ecs.services.put("web", service("web", 3, Map.of()));
        stop(Map.of("RESPONDER_ECS_SERVICE_RESPONSE", "scale-to-zero"), TASK);
        ecs.services.put("web", service("web", 5, Map.of()));

        ActionOutcome released = release(TASK);

        assertThat(released.kind()).isEqualTo(ActionOutcome.Kind.DONE);
        assertThat(released.reason()).contains("left at desired count 5");
        assertThat(ecs.calls).doesNotContain("UpdateService prod-web web 3");
        assertThat(ledger.find(new ActionKey("f-1", ResponseAction.STOP_TASK, TASK)).orElseThrow().state())
                .isEqualTo(LedgerState.RELEASED);
    }

    @Test
    void releaseWithNothingScaledSaysSo() {
        ActionOutcome released = release(TASK);

        assertThat(released.kind()).isEqualTo(ActionOutcome.Kind.DONE);
        assertThat(released.reason()).contains("nothing to restore");
        assertThat(ecs.calls).isEmpty();
    }
}
