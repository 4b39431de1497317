package dev.hubresponder.functions.ecs;

import static dev.hubresponder.testkit.StageEmulators.LEDGER_TABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static dev.hubresponder.testkit.Organization.CENTRAL;
import static dev.hubresponder.testkit.Organization.EU;
import static dev.hubresponder.testkit.Organization.MEMBER_B;
import static dev.hubresponder.testkit.Organization.MEMBER_ROLE;
import static dev.hubresponder.testkit.Organization.WEST;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubresponder.audit.FindingNotes;
import dev.hubresponder.aws.ledger.DynamoDbActionLedger;
import dev.hubresponder.aws.ledger.LedgerTable;
import dev.hubresponder.aws.member.MemberAccounts;
import dev.hubresponder.aws.member.MemberRoleSettings;
import dev.hubresponder.aws.securityhub.SecurityHubFindingNotes;
import dev.hubresponder.config.ResponderConfig;
import dev.hubresponder.ledger.ActedIn;
import dev.hubresponder.ledger.LedgerEntry;
import dev.hubresponder.ledger.LedgerState;
import dev.hubresponder.metrics.ResponderMetrics;
import dev.hubresponder.plan.ResponsePlanner;
import dev.hubresponder.policy.ResponseAction;
import dev.hubresponder.testkit.EmulatedEcs;
import dev.hubresponder.testkit.ExampleEvents;
import dev.hubresponder.testkit.LambdaInvoke;
import dev.hubresponder.testkit.MotoServer;
import dev.hubresponder.testkit.StageEmulators;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * One central stack for an organization, stopping and releasing an ECS task of a member account: moto serves the
 * central account (the stack in {@code us-east-1}, with its own workload) and member {@code 111122223333} with the
 * same workload in {@code us-west-2} and {@code eu-west-1}. The function reaches the member only through STS
 * AssumeRole into {@code HubResponderMember}; the runtime finding is the example in {@code events/}, made the
 * member's. Preconditions: {@code moto_server} installed; WireMock on 127.0.0.1 answers Security Hub.
 *
 * <p>Observed: each task's status and each service's desired count in its own account and Region, and the ledger.
 */
class OrganizationStopTaskTest {
    static final String RUNTIME_EVENT = "guardduty-ecs-runtime-reverse-shell-high.json";
    static final String FIXTURE_TASK = "arn:aws:ecs:us-east-1:123456789012:task/prod/3f1c9a7e5b2d4c6a8e0f1a2b3c4d5e6f";

    @RegisterExtension
    static final StageEmulators aws = new StageEmulators(LedgerTable::create);

    EmulatedEcs central;
    EmulatedEcs memberWest;
    EmulatedEcs memberEu;
    DynamoDbActionLedger ledger;

    @BeforeEach
    void organization() {
        aws.reset();
        central = EmulatedEcs.create(aws.moto());
        memberWest = EmulatedEcs.create(aws.moto(), MEMBER_B, WEST);
        memberEu = EmulatedEcs.create(aws.moto(), MEMBER_B, EU);
        ledger = new DynamoDbActionLedger(aws.dynamo(), LEDGER_TABLE);
    }

    @AfterEach
    void closeWorkloads() {
        List.of(central, memberWest, memberEu).forEach(EmulatedEcs::close);
    }

    @Test
    void aMemberRuntimeFindingStopsTheMembersTaskAndScalesItsServiceThereOnly() throws IOException {
        String task = memberWest.runServiceTask();
        String centralTask = central.runServiceTask();
        String euTask = memberEu.runServiceTask();

        JsonNode report = invoke(imported(task));

        assertThat(report.path("findings").get(0).path("summary").asText())
                .startsWith("DONE STOP_TASK: stopped task " + task);
        assertThat(memberWest.task(task).lastStatus()).isEqualTo("STOPPED");
        assertThat(memberWest.service().desiredCount()).isZero();
        assertThat(central.task(centralTask).lastStatus()).isEqualTo("RUNNING");
        assertThat(central.service().desiredCount()).isEqualTo(EmulatedEcs.SERVICE_DESIRED_COUNT);
        assertThat(memberEu.task(euTask).lastStatus()).isEqualTo("RUNNING");
        assertThat(memberEu.service().desiredCount()).isEqualTo(EmulatedEcs.SERVICE_DESIRED_COUNT);
        LedgerEntry record = record(task, ResponseAction.STOP_TASK);
        assertThat(record.state()).isEqualTo(LedgerState.DONE);
        assertThat(record.artifacts()).containsEntry(ActedIn.ACCOUNT, MEMBER_B).containsEntry(ActedIn.REGION, WEST);
    }

    @Test
    void theReleaseCustomActionRestoresTheMembersServiceThroughItsRole() throws IOException {
        String task = memberWest.runServiceTask();
        invoke(imported(task));

        JsonNode report = invoke(release(task));

        assertThat(report.path("findings").get(0).path("summary").asText())
                .startsWith("DONE RELEASE_TASK: restored service " + EmulatedEcs.SERVICE + " from 0 to 2");
        assertThat(memberWest.service().desiredCount()).isEqualTo(EmulatedEcs.SERVICE_DESIRED_COUNT);
        assertThat(record(task, ResponseAction.STOP_TASK).state()).isEqualTo(LedgerState.RELEASED);
        assertThat(record(task, ResponseAction.RELEASE_TASK).artifacts()).containsEntry(ActedIn.ACCOUNT, MEMBER_B)
                .containsEntry(ActedIn.REGION, WEST);
    }

    // --- helpers ---

    JsonNode invoke(JsonNode event) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        Map<String, String> env = Map.of("AWS_REGION", MotoServer.REGION, "LEDGER_TABLE", LEDGER_TABLE,
                "RESPONDER_ECS_SERVICE_RESPONSE", "scale-to-zero");
        ResponderConfig config = ResponderConfig.fromEnv(env);
        MemberAccounts members = new MemberAccounts(aws.moto().client(StsClient.builder()).build(),
                new MemberRoleSettings(MEMBER_ROLE, CENTRAL, MotoServer.REGION), aws.moto().endpointUri());
        SecurityHubClient hub = aws.securityHubClient();
        FindingNotes notes = new SecurityHubFindingNotes(hub, 1, Duration.ZERO);
        StopTaskHandler handler = new StopTaskHandler(StopTaskWiring.of(env,
                new ResponsePlanner(config, mapper, ResponderMetrics.NONE)::plan, central.ecs(), members, aws.dynamo(),
                notes, ResponderMetrics.NONE, Clock.systemUTC(), mapper));
        return LambdaInvoke.invoke(handler, event, "hub-responder-StopTask");
    }

    /** The runtime finding of the example event, made member 111122223333's in us-west-2, naming its task. */
    static ObjectNode imported(String taskArn) {
        return ExampleEvents.fromMember(RUNTIME_EVENT, MEMBER_B, WEST, Map.of(FIXTURE_TASK, taskArn,
                "cluster/prod", "cluster/" + EmulatedEcs.CLUSTER));
    }

    /** The same finding under the central stack's Release custom action. */
    static ObjectNode release(String taskArn) {
        ObjectNode event = ExampleEvents.read("custom-action-release.json");
        ((ArrayNode) event.path("detail").path("findings")).removeAll()
                .add(imported(taskArn).path("detail").path("findings").get(0));
        return event;
    }

    LedgerEntry record(String task, ResponseAction action) {
        return ledger.findByTarget(task).stream().filter(e -> e.key().action() == action).findFirst()
                .orElseThrow(() -> new AssertionError("no " + action + " record for " + task));
    }
}
