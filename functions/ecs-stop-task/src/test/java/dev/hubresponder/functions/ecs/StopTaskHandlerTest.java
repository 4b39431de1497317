package dev.hubresponder.functions.ecs;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.hubresponder.testkit.StageEmulators.GUARDDUTY;
import static dev.hubresponder.testkit.StageEmulators.LEDGER_TABLE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubresponder.aws.ledger.DynamoDbActionLedger;
import dev.hubresponder.aws.ledger.LedgerTable;
import dev.hubresponder.aws.member.MemberAccounts;
import dev.hubresponder.aws.member.MemberRoleSettings;
import dev.hubresponder.aws.securityhub.SecurityHubFindingNotes;
import dev.hubresponder.containment.ecs.StopTask;
import dev.hubresponder.finding.CustomAction;
import dev.hubresponder.finding.EcsTaskDetails;
import dev.hubresponder.finding.EventKind;
import dev.hubresponder.finding.Finding;
import dev.hubresponder.finding.FindingSchema;
import dev.hubresponder.finding.MalformedEventException;
import dev.hubresponder.finding.Resource;
import dev.hubresponder.finding.ResourceRole;
import dev.hubresponder.finding.SecurityHubEvent;
import dev.hubresponder.finding.Severity;
import dev.hubresponder.ledger.ActionKey;
import dev.hubresponder.ledger.LedgerEntry;
import dev.hubresponder.ledger.LedgerState;
import dev.hubresponder.metrics.ResponderMetrics;
import dev.hubresponder.plan.Plan;
import dev.hubresponder.policy.Decision;
import dev.hubresponder.policy.PlannedAction;
import dev.hubresponder.policy.ResponseAction;
import dev.hubresponder.testkit.EmulatedEcs;
import dev.hubresponder.testkit.LambdaInvoke;
import dev.hubresponder.testkit.MotoServer;
import dev.hubresponder.testkit.StageEmulators;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The function as a user meets it, on an emulated account: moto's ECS (the {@link EmulatedEcs} workload) and
 * DynamoDB (the ledger table, created from {@link LedgerTable}), and a WireMock server answering Security Hub's
 * {@code PATCH /findings/batchupdate} (moto lacks it).
 *
 * <p>Preconditions: {@code moto_server} installed (started by the test on a free 127.0.0.1 port; the test fails
 * naming the install command when it is missing). Decisions are built by hand here, as the response policy would
 * make them, and handed to the handler through its planner; the events are the fixtures in {@code src/test/resources/events/} with
 * the emulated task's ARN put in.
 */
class StopTaskHandlerTest {
    static final String FIXTURE_TASK =
            "arn:aws:ecs:us-east-1:123456789012:task/hub-responder-demo/0123456789abcdef0123456789abcdef";
    static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final StageEmulators aws = new StageEmulators(LedgerTable::create);

    EmulatedEcs workload;
    DynamoDbActionLedger ledger;
    Plan nextPlan;

    @BeforeEach
    void emptyAccountWithWorkload() {
        aws.resetAccounts();
        workload = EmulatedEcs.create(aws.moto());
        ledger = new DynamoDbActionLedger(aws.dynamo(), LEDGER_TABLE);
    }

    @AfterEach
    void closeWorkload() {
        workload.close();
    }

    @Test
    void stopsStandaloneTaskAndKeepsItsEvidenceInTheLedger() throws IOException {
        String task = workload.runStandaloneTask(Map.of("team", "payments"));
        Task before = workload.task(task);
        Finding finding = finding("f-standalone", task);
        planStopTask(finding, task);

        JsonNode report = invoke(handler(Map.of()), imported(task));

        Task after = workload.task(task);
        assertThat(after.lastStatus()).isEqualTo("STOPPED");
        assertThat(after.stoppedReason()).contains("Security Hub finding f-standalone");
        LedgerEntry record = record("f-standalone", ResponseAction.STOP_TASK, task);
        assertThat(record.state()).isEqualTo(LedgerState.DONE);
        JsonNode evidence = JSON.readTree(record.preState()).path("task");
        assertThat(evidence.path("taskDefinitionArn").asText()).isEqualTo(workload.taskDefinitionArn());
        assertThat(evidence.path("tags").path("team").asText()).isEqualTo("payments");
        assertThat(evidence.path("group").asText()).isEqualTo("family:" + EmulatedEcs.FAMILY);
        assertThat(evidence.path("startedBy").asText()).isEqualTo("analyst@example.com");
        assertThat(evidence.path("launchType").asText()).isEqualTo("FARGATE");
        assertThat(evidence.path("containers").get(0).path("image").asText()).isEqualTo(EmulatedEcs.IMAGE);
        String eni = before.attachments().get(0).details().stream()
                .filter(d -> d.name().equals("networkInterfaceId")).findFirst().orElseThrow().value();
        assertThat(evidence.path("networkInterfaces").get(0).path("networkInterfaceId").asText()).isEqualTo(eni);
        assertThat(evidence.path("networkInterfaces").get(0).path("privateIpv4Address").asText()).isNotBlank();
        assertThat(report.path("stage").asText()).isEqualTo("StopTask");
        assertThat(report.path("findings").get(0).path("acted").asBoolean()).isTrue();
        assertThat(noteTexts()).singleElement().asString()
                .startsWith("hub-responder DONE STOP_TASK " + task)
                .contains(record.ledgerId());
    }

    @Test
    void aSecondDeliveryOfTheSameFindingStopsNothingAndWritesNoSecondNote() throws IOException {
        String task = workload.runStandaloneTask(Map.of());
        planStopTask(finding("f-twice", task), task);
        StopTaskHandler handler = handler(Map.of());

        invoke(handler, imported(task));
        JsonNode second = invoke(handler, imported(task));

        assertThat(second.path("findings").get(0).path("summary").asText()).contains("DONE STOP_TASK");
        assertThat(noteTexts()).hasSize(1);
        assertThat(workload.task(task).stoppedReason()).contains("f-twice");
    }

    @Test
    void saysTheSchedulerWillReplaceAServiceTaskWhenLeftToItsDefault() throws IOException {
        String task = workload.runServiceTask();
        planStopTask(finding("f-service", task), task);

        JsonNode report = invoke(handler(Map.of()), imported(task));

        assertThat(workload.task(task).lastStatus()).isEqualTo("STOPPED");
        assertThat(workload.service().desiredCount()).isEqualTo(EmulatedEcs.SERVICE_DESIRED_COUNT);
        String expected = "it belongs to service " + EmulatedEcs.SERVICE
                + ": the scheduler will start a replacement from " + workload.taskDefinitionArn();
        assertThat(report.path("findings").get(0).path("summary").asText()).contains(expected);
        assertThat(record("f-service", ResponseAction.STOP_TASK, task).reason()).contains(expected);
        assertThat(noteTexts()).singleElement().asString().contains("the scheduler will start a replacement");
    }

    @Test
    void scalesAServiceToZeroAndReleaseRestoresItsDesiredCount() throws IOException {
        String task = workload.runServiceTask();
        Finding finding = finding("f-scale", task);
        Map<String, String> env = Map.of("RESPONDER_ECS_SERVICE_RESPONSE", "scale-to-zero");
        planStopTask(finding, task);

        invoke(handler(env), imported(task));

        assertThat(workload.task(task).lastStatus()).isEqualTo("STOPPED");
        assertThat(workload.service().desiredCount()).isZero();
        LedgerEntry stop = record("f-scale", ResponseAction.STOP_TASK, task);
        assertThat(stop.artifacts()).containsEntry(StopTask.PREVIOUS_DESIRED_COUNT,
                Integer.toString(EmulatedEcs.SERVICE_DESIRED_COUNT));
        assertThat(stop.reason()).contains("service " + EmulatedEcs.SERVICE + " scaled from 2 to 0");

        nextPlan = plan(EventKind.CUSTOM_ACTION, finding, new PlannedAction(ResponseAction.RELEASE_TASK, task,
                "analyst chose Release", false));
        JsonNode report = invoke(handler(env), customAction("custom-action-release.json", task));

        assertThat(workload.service().desiredCount()).isEqualTo(EmulatedEcs.SERVICE_DESIRED_COUNT);
        assertThat(record("f-scale", ResponseAction.STOP_TASK, task).state()).isEqualTo(LedgerState.RELEASED);
        LedgerEntry release = record("f-scale", ResponseAction.RELEASE_TASK, task);
        assertThat(release.state()).isEqualTo(LedgerState.DONE);
        assertThat(release.reason()).contains("restored service " + EmulatedEcs.SERVICE + " from 0 to 2");
        assertThat(report.path("findings").get(0).path("summary").asText()).contains("restored service");
    }

    @Test
    void recordsAnAlreadyStoppedTaskAsDoneWithoutStoppingItAgain() throws IOException {
        String task = workload.runStandaloneTask(Map.of());
        workload.stopTask(task, "Essential container in task exited");
        planStopTask(finding("f-stopped", task), task);

        invoke(handler(Map.of()), imported(task));

        LedgerEntry record = record("f-stopped", ResponseAction.STOP_TASK, task);
        assertThat(record.state()).isEqualTo(LedgerState.DONE);
        assertThat(record.reason()).contains("already stopped")
                .contains("Essential container in task exited");
        assertThat(record.artifacts()).containsEntry(StopTask.TASK_STATUS, "ALREADY_STOPPED");
        assertThat(workload.task(task).stoppedReason()).isEqualTo("Essential container in task exited");
    }

    @Test
    void recordsATaskThatNoLongerExists() throws IOException {
        workload.runStandaloneTask(Map.of());
        String gone = workload.clusterArn().replace(":cluster/", ":task/") + "/0123456789abcdef0123456789abcdef";
        planStopTask(finding("f-gone", gone), gone);

        JsonNode report = invoke(handler(Map.of()), imported(gone));

        LedgerEntry record = record("f-gone", ResponseAction.STOP_TASK, gone);
        assertThat(record.state()).isEqualTo(LedgerState.DONE);
        assertThat(record.reason()).contains("was not stopped: it no longer exists");
        assertThat(record.artifacts()).containsEntry(StopTask.TASK_STATUS, "MISSING");
        assertThat(report.path("findings").get(0).path("acted").asBoolean()).isTrue();
    }

    @Test
    void refusesAProtectedTaskAndLeavesItRunning() throws IOException {
        String task = workload.runStandaloneTask(Map.of("hub-responder:protected", "true"));
        planStopTask(finding("f-protected", task), task);

        invoke(handler(Map.of()), imported(task));

        assertThat(workload.task(task).lastStatus()).isEqualTo("RUNNING");
        LedgerEntry record = record("f-protected", ResponseAction.STOP_TASK, task);
        assertThat(record.state()).isEqualTo(LedgerState.REFUSED);
        assertThat(record.reason()).contains("tag hub-responder:protected=true on task " + task);
        assertThat(noteTexts()).singleElement().asString().startsWith("hub-responder REFUSED STOP_TASK");
    }

    @Test
    void refusesAProtectedServiceAndLeavesItsTaskRunning() throws IOException {
        String task = workload.runServiceTask();
        workload.tagService(Map.of("hub-responder:protected", "true"));
        planStopTask(finding("f-protected-service", task), task);

        invoke(handler(Map.of("RESPONDER_ECS_SERVICE_RESPONSE", "scale-to-zero")), imported(task));

        assertThat(workload.task(task).lastStatus()).isEqualTo("RUNNING");
        assertThat(workload.service().desiredCount()).isEqualTo(EmulatedEcs.SERVICE_DESIRED_COUNT);
        assertThat(record("f-protected-service", ResponseAction.STOP_TASK, task).reason())
                .contains("on its service " + EmulatedEcs.SERVICE);
    }

    @Test
    void refusesAMalformedTaskArnWithTheReason() throws IOException {
        String running = workload.runStandaloneTask(Map.of());
        String malformed = "nginx:alpine (alpine 3.20.3)";
        planStopTask(finding("f-malformed", malformed), malformed);

        invoke(handler(Map.of()), imported(running));

        LedgerEntry record = record("f-malformed", ResponseAction.STOP_TASK, malformed);
        assertThat(record.state()).isEqualTo(LedgerState.REFUSED);
        assertThat(record.reason()).isEqualTo("stop task refused: 'nginx:alpine (alpine 3.20.3)' is not an ARN");
        assertThat(workload.task(running).lastStatus()).isEqualTo("RUNNING");
    }

    @Test
    void shadowModeRecordsAndChangesNothing() throws IOException {
        String task = workload.runServiceTask();
        planStopTask(finding("f-shadow", task), task);

        invoke(handler(Map.of("RESPONDER_SHADOW_MODE", "true", "RESPONDER_ECS_SERVICE_RESPONSE", "scale-to-zero")),
                imported(task));

        assertThat(workload.task(task).lastStatus()).isEqualTo("RUNNING");
        assertThat(workload.service().desiredCount()).isEqualTo(EmulatedEcs.SERVICE_DESIRED_COUNT);
        assertThat(record("f-shadow", ResponseAction.STOP_TASK, task).state()).isEqualTo(LedgerState.SHADOW);
    }

    @Test
    void answersAnInputThatIsNotAnEventWithAnEmptyReport() throws IOException {
        nextPlan = null;

        JsonNode report = invoke(handler(Map.of()), "this is not JSON".getBytes());

        assertThat(report).isEqualTo(JSON.readTree("{\"stage\":\"StopTask\",\"findings\":[]}"));
    }

    // --- helpers ---

    StopTaskHandler handler(Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>(aws.moto().awsEnvironment());
        env.put("LEDGER_TABLE", LEDGER_TABLE);
        env.putAll(overrides);
        SecurityHubFindingNotes notes = new SecurityHubFindingNotes(aws.securityHubClient(), 1, Duration.ZERO);
        return new StopTaskHandler(StopTaskWiring.of(env, event -> {
            if (event.isMissingNode()) {
                throw new MalformedEventException("not an event (the real planner refuses and counts it)");
            }
            assertThat(nextPlan).as("the test planned a decision for this event").isNotNull();
            return nextPlan;
        }, workload.ecs(), singleAccount(), aws.dynamo(), notes, ResponderMetrics.NONE, Clock.systemUTC(),
                new ObjectMapper()));
    }

    /** A stack in moto's default account and Region with no member role: a single-account deployment. */
    static MemberAccounts singleAccount() {
        return new MemberAccounts(aws.moto().client(StsClient.builder()).build(),
                new MemberRoleSettings(null, MotoServer.ACCOUNT, MotoServer.REGION), aws.moto().endpointUri());
    }

    JsonNode invoke(StopTaskHandler handler, byte[] event) throws IOException {
        return LambdaInvoke.invoke(handler, event, "hub-responder-StopTask");
    }

    /** Security Hub accepts the note on this finding (the stub answers as Security Hub does). */
    void acceptNotesFor(Finding finding) {
        aws.securityHub().stubFor(patch(urlEqualTo("/findings/batchupdate")).willReturn(okJson(
                "{\"ProcessedFindings\":[{\"Id\":\"" + finding.id() + "\",\"ProductArn\":\"" + finding.productArn()
                        + "\"}],\"UnprocessedFindings\":[]}")));
    }

    List<String> noteTexts() {
        return aws.securityHub().findAll(patchRequestedFor(urlEqualTo("/findings/batchupdate"))).stream()
                .map(r -> readTree(r.getBodyAsString()).path("Note").path("Text").asText())
                .toList();
    }

    void planStopTask(Finding finding, String target) {
        nextPlan = plan(EventKind.IMPORTED, finding, new PlannedAction(ResponseAction.STOP_TASK, target,
                "CRITICAL runtime threat from trusted product aws/guardduty", false));
    }

    Plan plan(EventKind kind, Finding finding, PlannedAction action) {
        acceptNotesFor(finding);
        CustomAction custom = kind == EventKind.CUSTOM_ACTION ? new CustomAction(
                "arn:aws:securityhub:us-east-1:123456789012:action/custom/HubRespRelease", "HubRespRelease",
                "Release", "") : null;
        SecurityHubEvent event = new SecurityHubEvent(kind, "evt-1", MotoServer.ACCOUNT, MotoServer.REGION, custom,
                List.of(finding), List.of());
        return new Plan(event, List.of(new Decision(finding, List.of(action), List.of(), action.reason())),
                List.of());
    }

    Finding finding(String id, String taskArn) {
        Resource task = new Resource("AwsEcsTask", taskArn, MotoServer.REGION, Map.of(), null,
                new EcsTaskDetails(workload.clusterArn(), taskArn, workload.taskDefinitionArn(), null, null));
        return new Finding(FindingSchema.ASFF, id, GUARDDUTY, "GuardDuty", "Amazon", MotoServer.ACCOUNT,
                MotoServer.REGION, List.of("TTPs/Execution/Execution:Runtime-ReverseShell"), Severity.CRITICAL, 90.0,
                "ACTIVE", "NEW", "Reverse shell in container web", "", null, null, null, List.of(task), List.of(),
                ResourceRole.ACTOR, Map.of(), null);
    }

    LedgerEntry record(String findingId, ResponseAction action, String target) {
        return ledger.find(new ActionKey(findingId, action, target)).orElseThrow(() -> new AssertionError(
                "no ledger record for " + findingId + " " + action + " " + target));
    }

    static byte[] imported(String taskArn) throws IOException {
        return fixture("imported-guardduty-runtime-ecs-task.json", taskArn);
    }

    static byte[] customAction(String name, String taskArn) throws IOException {
        return fixture(name, taskArn);
    }

    static byte[] fixture(String name, String taskArn) throws IOException {
        return Files.readString(Path.of("src/test/resources/events", name)).replace(FIXTURE_TASK, taskArn).getBytes();
    }

    static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

}
