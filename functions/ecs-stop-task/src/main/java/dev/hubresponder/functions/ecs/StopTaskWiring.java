package dev.hubresponder.functions.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubresponder.action.Reachable;
import dev.hubresponder.audit.DeferredFindingNotes;
import dev.hubresponder.audit.FindingNotes;
import dev.hubresponder.aws.LambdaSdk;
import dev.hubresponder.aws.ecs.SdkEcsTasks;
import dev.hubresponder.aws.ledger.ActionRecording;
import dev.hubresponder.aws.member.MemberAccounts;
import dev.hubresponder.aws.member.MemberClients;
import dev.hubresponder.aws.metrics.EmfResponderMetrics;
import dev.hubresponder.aws.securityhub.SecurityHubFindingNotes;
import dev.hubresponder.config.ResponderConfig;
import dev.hubresponder.containment.ecs.EcsTasks;
import dev.hubresponder.containment.ecs.ReleaseTask;
import dev.hubresponder.containment.ecs.StopTask;
import dev.hubresponder.containment.ecs.TaskContainmentSettings;
import dev.hubresponder.containment.ecs.TaskResponse;
import dev.hubresponder.metrics.ResponderMetrics;
import dev.hubresponder.plan.Plan;
import dev.hubresponder.plan.ResponsePlanner;
import java.time.Clock;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * The function's one wiring place, built once at init: typed settings from the environment, the SDK clients (region
 * and endpoint from {@code AWS_REGION} and {@code AWS_ENDPOINT_URL}, read by the SDK), and the domain services.
 *
 * @param planner  decides for every finding of an event
 * @param response the ECS task stage for one finding
 * @param notes    the Security Hub notes of that stage (built on first use), prepared by the SnapStart priming
 * @param mapper   reads events and writes the stage report
 */
record StopTaskWiring(Function<JsonNode, Plan> planner, TaskResponse response, FindingNotes notes,
                      ObjectMapper mapper) {

    /** The production wiring, from {@code System.getenv()}. */
    static StopTaskWiring fromEnv(Map<String, String> env) {
        ObjectMapper mapper = new ObjectMapper();
        EmfResponderMetrics metrics = EmfResponderMetrics.fromEnvironment();
        ResponsePlanner planner = new ResponsePlanner(ResponderConfig.fromEnv(env), mapper, metrics);
        EcsClient ecs = LambdaSdk.configure(EcsClient.builder(), env).httpClient(UrlConnectionHttpClient.create())
                .build();
        DynamoDbClient dynamo = LambdaSdk.configure(DynamoDbClient.builder(), env)
                .httpClient(UrlConnectionHttpClient.create()).build();
        FindingNotes notes = new DeferredFindingNotes(
                () -> new SecurityHubFindingNotes(SecurityHubFindingNotes.client(env)));
        return of(env, planner::plan, ecs, MemberAccounts.fromEnv(env), dynamo, notes, metrics, Clock.systemUTC(),
                mapper);
    }

    /**
     * The wiring over given collaborators: tests pass emulator clients and a planner of their own.
     *
     * @param ecsClient ECS in the stack's own account and Region; elsewhere, clients on the member role's
     *                  credentials from {@code members}, built on first use
     */
    static StopTaskWiring of(Map<String, String> env, Function<JsonNode, Plan> planner, EcsClient ecsClient,
                             MemberAccounts members, DynamoDbClient dynamo, FindingNotes notes,
                             ResponderMetrics metrics, Clock clock, ObjectMapper mapper) {
        ActionRecording recording = ActionRecording.fromEnv(env, dynamo, metrics, clock);
        Reachable<EcsTasks> ecs = new MemberClients<EcsTasks>(new SdkEcsTasks(ecsClient), members,
                (region, credentials) -> new SdkEcsTasks(members.configure(EcsClient.builder(), region, credentials)
                        .httpClient(UrlConnectionHttpClient.create()).build()));
        TaskResponse response = new TaskResponse(recording.runner(),
                new StopTask(ecs, recording.config(), TaskContainmentSettings.fromEnv(env), mapper, clock),
                new ReleaseTask(ecs, recording.ledger(), clock),
                recording.audit(notes));
        return new StopTaskWiring(planner, response, notes, mapper);
    }
}
