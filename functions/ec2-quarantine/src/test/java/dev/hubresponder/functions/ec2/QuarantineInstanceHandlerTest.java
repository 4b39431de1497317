package dev.hubresponder.functions.ec2;

import static dev.hubresponder.testkit.ExampleEvents.EVENTS;
import static dev.hubresponder.testkit.ExampleEvents.findingId;
import static dev.hubresponder.testkit.StageEmulators.LEDGER_TABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.xray.AWSXRay;
import com.amazonaws.xray.emitters.Emitter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubresponder.action.RetryableActionException;
import dev.hubresponder.aws.ledger.DynamoDbActionLedger;
import dev.hubresponder.aws.ledger.LedgerTable;
import dev.hubresponder.aws.member.MemberAccounts;
import dev.hubresponder.aws.member.MemberRoleSettings;
import dev.hubresponder.functions.ec2.QuarantineWiring.AwsClients;
import dev.hubresponder.ledger.LedgerEntry;
import dev.hubresponder.ledger.LedgerState;
import dev.hubresponder.metrics.ResponderMetrics;
import dev.hubresponder.policy.ResponseAction;
import dev.hubresponder.testkit.EmulatedAccount.WebTier;
import dev.hubresponder.testkit.EmulatedAccount;
import dev.hubresponder.testkit.LambdaInvoke;
import dev.hubresponder.testkit.LambdaTestContext;
import dev.hubresponder.testkit.MotoServer;
import dev.hubresponder.testkit.StageEmulators;
import dev.hubresponder.testkit.XRayDaemon;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingException;
import software.amazon.awssdk.services.autoscaling.model.EnterStandbyRequest;
import software.amazon.awssdk.services.ec2.model.InstanceAttributeName;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The function as Lambda runs it, on the example events in {@code events/}, against moto (EC2, Auto Scaling, ELBv2,
 * DynamoDB for the ledger) and a WireMock server speaking Security Hub's {@code PATCH /findings/batchupdate} (moto
 * does not implement it, aws-facts §9). Preconditions: {@code moto_server} installed (the test starts it on a free
 * 127.0.0.1 port and fails naming the install command when it is missing); WireMock binds 127.0.0.1 only.
 *
 * <p>The events name instances that do not exist in moto, so each test puts the id of the instance it built in
 * their place. Interface groups are asserted in {@code InstanceContainmentTest} on the requests sent (moto shows
 * them unreliably); here the user's view is the instance's attributes, its Auto Scaling state, the ledger and the
 * note written on the finding.
 */
class QuarantineInstanceHandlerTest {
    static final String C2_EVENT = "guardduty-ec2-c2-actor-high.json";
    static final String C2_INSTANCE = "i-0a1b2c3d4e5f60718";
    static final String C2_FINDING = "arn:aws:guardduty:us-east-1:123456789012:detector/"
            + "6cc8d2a6a1e04c7e9b3c0f2d1e4a5b6c/finding/a4c6f0e2b8d94e1f8c2a6b3d5e7f9012";
    static final String RELEASE_EVENT = "custom-action-release.json";
    static final String RELEASE_INSTANCE = "i-0f60718293a4b5c6d";
    static final String PROTECTED_EVENT = "guardduty-ec2-c2-protected-instance-high.json";
    static final String PROTECTED_INSTANCE = "i-0e5f60718293a4b5c";
    static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final StageEmulators aws = new StageEmulators(LedgerTable::create);

    EmulatedAccount account;
    WebTier web;
    QuarantineInstanceHandler handler;
    DynamoDbActionLedger ledger;

    @BeforeEach
    void freshAccount() {
        aws.reset(C2_FINDING, findingId(RELEASE_EVENT), findingId(PROTECTED_EVENT));
        ledger = new DynamoDbActionLedger(aws.dynamo(), LEDGER_TABLE);
        account = EmulatedAccount.on(aws.moto());
        web = account.webTier("web", Map.of());
        URI endpoint = aws.moto().endpointUri();
        AwsClients clients = new AwsClients(EmulatedAccount.ec2Client(endpoint),
                EmulatedAccount.autoScalingClient(endpoint), EmulatedAccount.elbClient(endpoint), aws.dynamo(), aws.securityHubClient());
        handler = new QuarantineInstanceHandler(QuarantineWiring.of(
                Map.of("AWS_REGION", MotoServer.REGION, "LEDGER_TABLE", LEDGER_TABLE), clients, singleAccount(),
                ResponderMetrics.NONE, Clock.systemUTC()));
    }

    @AfterEach
    void closeAccount() {
        account.close();
    }

    @Test
    void aCriticalGuardDutyActorFindingQuarantinesItsInstanceAndNotesTheFinding() throws IOException {
        JsonNode report = invoke(event(C2_EVENT, C2_INSTANCE, web.instanceId()));

        assertThat(report.path("stage").asText()).isEqualTo("QuarantineInstance");
        assertThat(report.path("findings").get(0).path("acted").asBoolean()).isTrue();
        assertThat(report.path("findings").get(0).path("summary").asText())
                .contains("DONE QUARANTINE_INSTANCE " + web.instanceId());
        assertThat(terminationProtection()).isTrue();
        assertThat(lifecycleState()).isEqualTo("Standby");
        LedgerEntry record = quarantineRecord(C2_FINDING);
        assertThat(record.state()).isEqualTo(LedgerState.DONE);
        assertThat(record.completedSteps()).hasSize(7);
        JsonNode note = notes().get(0);
        assertThat(note.path("FindingIdentifiers").get(0).path("Id").asText()).isEqualTo(C2_FINDING);
        assertThat(note.path("Note").path("Text").asText())
                .startsWith("hub-responder DONE QUARANTINE_INSTANCE " + web.instanceId())
                .contains(record.ledgerId());
        assertThat(note.path("Workflow").path("Status").asText()).isEqualTo("NOTIFIED");
    }

    @Test
    void tracesTheFindingAndItsAwsCallsAsSubsegmentsAnnotatedWithFindingActionAndOutcome() throws IOException {
        String traceId = "1-6750a1b2-0123456789abcdef01234567";
        try (XRayDaemon daemon = XRayDaemon.start()) {
            AWSXRay.getGlobalRecorder().setEmitter(Emitter.create());
            daemon.traceInvocation("Root=" + traceId + ";Parent=53995c3f42cd8ad8;Sampled=1");

            invoke(event(C2_EVENT, C2_INSTANCE, web.instanceId()));

            List<JsonNode> documents = daemon.documentsOnceAny(
                    d -> d.path("name").asText().equals("## QuarantineInstance"), Duration.ofSeconds(10));
            JsonNode finding = documents.stream().filter(d -> d.path("name").asText().equals("## QuarantineInstance"))
                    .findFirst().orElseThrow();
            assertThat(finding.path("trace_id").asText()).isEqualTo(traceId);
            assertThat(finding.path("annotations").path("findingId").asText()).isEqualTo(C2_FINDING);
            assertThat(finding.path("annotations").path("action").asText()).isEqualTo("QUARANTINE_INSTANCE");
            assertThat(finding.path("annotations").path("outcome").asText()).isEqualTo("ACTED");
            assertThat(XRayDaemon.subsegments(List.of(finding)))
                    .extracting(s -> s.path("name").asText(), s -> s.path("aws").path("operation").asText())
                    .contains(tuple("Ec2", "ModifyNetworkInterfaceAttribute"), tuple("AutoScaling", "EnterStandby"),
                            tuple("DynamoDb", "PutItem"), tuple("SecurityHub", "BatchUpdateFindings"));
        }
    }

    @Test
    void theReleaseCustomActionRestoresTheInstanceAndResolvesTheFinding() throws IOException {
        invoke(event(C2_EVENT, C2_INSTANCE, web.instanceId()));

        JsonNode report = invoke(event(RELEASE_EVENT, RELEASE_INSTANCE, web.instanceId()));

        assertThat(report.path("findings").get(0).path("summary").asText())
                .contains("DONE RELEASE_INSTANCE " + web.instanceId());
        assertThat(terminationProtection()).isFalse();
        assertThat(lifecycleState()).isEqualTo("InService");
        assertThat(quarantineRecord(C2_FINDING).state()).isEqualTo(LedgerState.RELEASED);
        JsonNode note = notes().get(1);
        assertThat(note.path("FindingIdentifiers").get(0).path("Id").asText()).isEqualTo(findingId(RELEASE_EVENT));
        assertThat(note.path("Note").path("Text").asText())
                .startsWith("hub-responder RELEASED QUARANTINE_INSTANCE " + web.instanceId());
        assertThat(note.path("Workflow").path("Status").asText()).isEqualTo("RESOLVED");
    }

    @Test
    void aDuplicateDeliveryDoesNothingMoreAndWritesNoSecondNote() throws IOException {
        byte[] event = event(C2_EVENT, C2_INSTANCE, web.instanceId());
        invoke(event);

        invoke(event);

        assertThat(notes()).hasSize(1);
        assertThat(quarantineRecord(C2_FINDING).state()).isEqualTo(LedgerState.DONE);
    }

    @Test
    void aProtectedInstanceIsRefusedAndTheRefusalIsNoted() throws IOException {
        JsonNode report = invoke(event(PROTECTED_EVENT, PROTECTED_INSTANCE, web.instanceId()));

        assertThat(report.path("findings").get(0).path("summary").asText())
                .contains("REFUSED QUARANTINE_INSTANCE " + web.instanceId());
        assertThat(terminationProtection()).isFalse();
        assertThat(lifecycleState()).isEqualTo("InService");
        assertThat(quarantineRecord(findingId(PROTECTED_EVENT)).state()).isEqualTo(LedgerState.REFUSED);
        assertThat(notes().get(0).path("Note").path("Text").asText())
                .startsWith("hub-responder REFUSED QUARANTINE_INSTANCE " + web.instanceId());
    }

    @Test
    void oneInstanceThrottledDoesNotHoldUpTheOtherFindingsOfTheEvent() throws IOException {
        String worker = account.plainInstance(web, "worker", Map.of());
        ObjectNode event = (ObjectNode) JSON.readTree(event(C2_EVENT, C2_INSTANCE, web.instanceId()));
        ObjectNode second = (ObjectNode) JSON.readTree(event(C2_EVENT, C2_INSTANCE, worker))
                .path("detail").path("findings").get(0);
        second.put("Id", C2_FINDING + "-worker");
        ((ArrayNode) event.path("detail").path("findings")).add(second);
        ExecutionInterceptor throttleStandby = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof EnterStandbyRequest) {
                    throw AutoScalingException.builder().statusCode(400).message("Rate exceeded")
                            .awsErrorDetails(AwsErrorDetails.builder().errorCode("Throttling")
                                    .errorMessage("Rate exceeded").build()).build();
                }
            }
        };
        URI endpoint = aws.moto().endpointUri();
        QuarantineInstanceHandler throttled = new QuarantineInstanceHandler(QuarantineWiring.of(
                Map.of("AWS_REGION", MotoServer.REGION, "LEDGER_TABLE", LEDGER_TABLE),
                new AwsClients(EmulatedAccount.ec2Client(endpoint),
                        EmulatedAccount.autoScalingClient(endpoint, throttleStandby),
                        EmulatedAccount.elbClient(endpoint), aws.dynamo(), aws.securityHubClient()),
                singleAccount(), ResponderMetrics.NONE, Clock.systemUTC()));

        assertThatThrownBy(() -> throttled.handleRequest(new ByteArrayInputStream(JSON.writeValueAsBytes(event)),
                new ByteArrayOutputStream(), new LambdaTestContext("QuarantineInstanceFunction")))
                .isInstanceOf(RetryableActionException.class).hasMessageContaining("Throttling");

        assertThat(quarantineRecord(C2_FINDING + "-worker").state()).isEqualTo(LedgerState.DONE);
        assertThat(account.ec2().describeInstanceAttribute(r -> r.instanceId(worker)
                .attribute(InstanceAttributeName.DISABLE_API_TERMINATION)).disableApiTermination().value()).isTrue();
        // A retryable failure mid-quarantine hands the record back for Lambda's retry: planned again, no lease held.
        LedgerEntry webRecord = quarantineRecord(C2_FINDING);
        assertThat(webRecord.state()).isEqualTo(LedgerState.PLANNED);
        assertThat(webRecord.reason()).startsWith("retryable failure, released for the retry: ").contains("Throttling");
        assertThat(webRecord.leaseUntil()).isNull();
        assertThat(lifecycleState()).isEqualTo("InService");
    }

    static final String SEQUENCE_EVENT = "guardduty-attack-sequence-ec2-instance-group-critical.json";

    @Test
    void anInstanceGroupAttackSequenceQuarantinesEveryInstanceItNames() throws IOException {
        String worker = account.plainInstance(web, "worker", Map.of());
        byte[] event = Files.readString(EVENTS.resolve(SEQUENCE_EVENT)).replace("i-0c3d4e5f60718293a",
                web.instanceId()).replace("i-0d4e5f60718293a4b", worker).getBytes(StandardCharsets.UTF_8);

        JsonNode report = invoke(event);

        String finding = findingId(SEQUENCE_EVENT);
        assertThat(report.path("findings").get(0).path("acted").asBoolean()).isTrue();
        assertThat(ledger.findByFinding(finding)).filteredOn(e -> e.key().action() == ResponseAction.QUARANTINE_INSTANCE)
                .extracting(e -> e.key().target(), LedgerEntry::state).containsExactlyInAnyOrder(
                        tuple(web.instanceId(), LedgerState.DONE), tuple(worker, LedgerState.DONE));
        for (String instance : List.of(web.instanceId(), worker)) {
            assertThat(account.ec2().describeInstanceAttribute(r -> r.instanceId(instance)
                    .attribute(InstanceAttributeName.DISABLE_API_TERMINATION)).disableApiTermination().value())
                    .as(instance).isTrue();
        }
    }

    @Test
    void aSequenceNamingThirtyInstancesStopsAtTheHourlyCapAndSaysWhichWereNotContained() throws IOException {
        ObjectNode event = (ObjectNode) JSON.readTree(EVENTS.resolve(SEQUENCE_EVENT).toFile());
        ObjectNode finding = (ObjectNode) event.path("detail").path("findings").get(0);
        ArrayNode resources = finding.putArray("Resources");
        JsonNode template = JSON.readTree(EVENTS.resolve(SEQUENCE_EVENT).toFile())
                .path("detail").path("findings").get(0).path("Resources").get(0);
        List<String> instances = new java.util.ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String id = i == 0 ? web.instanceId() : account.plainInstance(web, "app-" + i, Map.of());
            instances.add(id);
            resources.add(JSON.readTree(template.toString().replace("i-0c3d4e5f60718293a", id)));
        }

        invoke(JSON.writeValueAsBytes(event));

        List<LedgerEntry> records = ledger.findByFinding(finding.path("Id").asText()).stream()
                .filter(e -> e.key().action() == ResponseAction.QUARANTINE_INSTANCE).toList();
        assertThat(records).hasSize(30);
        assertThat(records).filteredOn(e -> e.state() == LedgerState.DONE).hasSize(10);
        assertThat(records).filteredOn(e -> e.state() == LedgerState.REFUSED).hasSize(20)
                .allSatisfy(e -> assertThat(e.reason()).contains("RESPONDER_MAX_CONTAINMENTS_PER_HOUR"));
        assertThat(records).extracting(e -> e.key().target()).containsExactlyInAnyOrderElementsOf(instances);
    }

    @Test
    void aThreatOnAnInstanceIdThatIsNotOneIsARecordedRefusalNotSilence() throws IOException {
        byte[] event;
        try (var in = getClass().getResourceAsStream("/hostile/actor-instance-id-not-valid.json")) {
            event = in.readAllBytes();
        }
        String invalid = "arn:aws:ec2:us-east-1:123456789012:instance/i-not-an-instance";

        JsonNode report = invoke(event);

        assertThat(report.path("findings").get(0).path("summary").asText())
                .contains("REFUSED QUARANTINE_INSTANCE " + invalid);
        LedgerEntry refused = quarantineRecord(C2_FINDING);
        assertThat(refused.key().target()).isEqualTo(invalid);
        assertThat(refused.state()).isEqualTo(LedgerState.REFUSED);
        assertThat(refused.reason()).isEqualTo("AwsEc2Instance resource id '" + invalid + "' is not an EC2 instance"
                + " ARN with a valid instance id (arn:<partition>:ec2:<region>:<account>:instance/i-…): there is"
                + " nothing to contain");
        assertThat(terminationProtection()).isFalse();
    }

    @Test
    void aMalformedEventIsRefusedWithoutAnAction() throws IOException {
        JsonNode report = invoke(Files.readAllBytes(EVENTS.resolve("malformed-wrong-source.json")));

        assertThat(report).isEqualTo(JSON.readTree("{\"stage\":\"QuarantineInstance\",\"findings\":[]}"));
        assertThat(notes()).isEmpty();
        assertThat(ledger.findByTarget(web.instanceId())).isEmpty();
    }

    JsonNode invoke(byte[] event) throws IOException {
        return LambdaInvoke.invoke(handler, event, "QuarantineInstanceFunction");
    }

    /** An example event with the id of an instance built in moto in place of the one it names. */
    static byte[] event(String file, String namedInstance, String realInstance) throws IOException {
        return Files.readString(EVENTS.resolve(file)).replace(namedInstance, realInstance)
                .getBytes(StandardCharsets.UTF_8);
    }


    LedgerEntry quarantineRecord(String findingId) {
        return ledger.findByFinding(findingId).stream()
                .filter(e -> e.key().action() == ResponseAction.QUARANTINE_INSTANCE)
                .findFirst().orElseThrow();
    }

    List<JsonNode> notes() {
        return aws.notes();
    }

    boolean terminationProtection() {
        return account.ec2().describeInstanceAttribute(r -> r.instanceId(web.instanceId())
                .attribute(InstanceAttributeName.DISABLE_API_TERMINATION)).disableApiTermination().value();
    }

    String lifecycleState() {
        return account.autoScaling().describeAutoScalingInstances(r -> r.instanceIds(web.instanceId()))
                .autoScalingInstances().get(0).lifecycleState();
    }

    /** A stack in moto's default account and Region with no member role: a single-account deployment. */
    static MemberAccounts singleAccount() {
        return new MemberAccounts(aws.moto().client(StsClient.builder()).build(),
                new MemberRoleSettings(null, MotoServer.ACCOUNT, MotoServer.REGION), aws.moto().endpointUri());
    }


}
