package dev.hubresponder.functions.waf;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.hubresponder.testkit.StageEmulators.LEDGER_TABLE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubresponder.aws.ec2.Ec2OwnAddresses;
import dev.hubresponder.aws.lambda.LambdaNextStage;
import dev.hubresponder.aws.ledger.DynamoDbActionLedger;
import dev.hubresponder.aws.metrics.EmfResponderMetrics;
import dev.hubresponder.aws.ledger.LedgerTable;
import dev.hubresponder.aws.securityhub.SecurityHubFindingNotes;
import dev.hubresponder.aws.waf.Backoff;
import dev.hubresponder.aws.waf.IpSetRef;
import dev.hubresponder.aws.waf.WafIpSetBlockList;
import dev.hubresponder.block.BlockHoldings;
import dev.hubresponder.finding.CustomAction;
import dev.hubresponder.finding.EventKind;
import dev.hubresponder.finding.Finding;
import dev.hubresponder.finding.FindingSchema;
import dev.hubresponder.finding.MalformedEventException;
import dev.hubresponder.finding.ResourceRole;
import dev.hubresponder.finding.SecurityHubEvent;
import dev.hubresponder.handoff.Handoff;
import dev.hubresponder.finding.Severity;
import dev.hubresponder.ledger.ActionKey;
import dev.hubresponder.ledger.LedgerEntry;
import dev.hubresponder.ledger.LedgerState;
import dev.hubresponder.metrics.ResponderMetrics;
import dev.hubresponder.plan.Plan;
import dev.hubresponder.policy.Decision;
import dev.hubresponder.policy.PlannedAction;
import dev.hubresponder.policy.Refusal;
import dev.hubresponder.policy.ResponseAction;
import dev.hubresponder.testkit.BlockedIpSets;
import dev.hubresponder.testkit.LambdaInvoke;
import dev.hubresponder.testkit.LambdaInvokeRecorder;
import dev.hubresponder.testkit.StageEmulators;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeAddressesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeNatGatewaysRequest;
import software.amazon.awssdk.services.ec2.model.DomainType;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.wafv2.Wafv2Client;
import software.amazon.awssdk.services.wafv2.model.UpdateIpSetRequest;
import software.amazon.lambda.powertools.metrics.MetricsBuilder;

/**
 * The function as a user meets it, on an emulated account: moto's WAFv2 (a regional IPv4 and IPv6 set, as the
 * template creates them), DynamoDB (the ledger table, created from {@link LedgerTable}) and EC2 (the account's
 * Elastic IPs and NAT gateways, none unless a test allocates them), and a WireMock server
 * answering Security Hub's {@code PATCH /findings/batchupdate} (moto lacks it).
 *
 * <p>Preconditions: {@code moto_server} installed (started by the test on a free 127.0.0.1 port; the test fails
 * naming the install command when it is missing). The events are the repository's {@code events/}; the decisions
 * are built by hand, as the response policy makes them, and handed to the handler through its planner.
 * {@code UpdateIPSet} calls are counted by an SDK interceptor on the WAF client.
 */
class BlockAddressesHandlerTest {
    static final String ATTACKER = "185.220.101.45/32";
    static final String ATTACKER_V6 = "2a0b:4140:d4a0::2/128";
    static final Instant NOW = Instant.parse("2026-11-26T10:06:00Z");
    static final ObjectMapper JSON = new ObjectMapper();
    static final String FUNCTION_ARN = "arn:aws:lambda:us-east-1:123456789012:function:hub-responder-BlockAddresses";
    static final String TICKET_ARN = "arn:aws:lambda:us-east-1:123456789012:function:hub-responder-CreateTicket:live";

    @RegisterExtension
    static final StageEmulators aws = new StageEmulators(LedgerTable::create);
    static LambdaInvokeRecorder lambdaApi;
    static LambdaClient lambdaClient;

    IpSetRef ipv4;
    IpSetRef ipv6;
    DynamoDbActionLedger ledger;
    final Map<String, Plan> plans = new ConcurrentHashMap<>();
    final AtomicInteger updateIpSetCalls = new AtomicInteger();
    final AtomicInteger ownAddressLookups = new AtomicInteger();
    /** Faults injected into the function's EC2 calls. */
    final List<ExecutionInterceptor> ec2Faults = new ArrayList<>();
    /** What the handlers count; the EMF test replaces it with Powertools' writer. */
    ResponderMetrics metrics = ResponderMetrics.NONE;

    @BeforeAll
    static void startEmulators() {
        lambdaApi = LambdaInvokeRecorder.start();
        lambdaClient = LambdaClient.builder().endpointOverride(URI.create(lambdaApi.endpoint()))
                .region(Region.US_EAST_1).credentialsProvider(StageEmulators.credentials())
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterAll
    static void stopEmulators() {
        lambdaClient.close();
        lambdaApi.close();
    }

    @BeforeEach
    void emptyAccountWithSets() {
        aws.resetAccounts();
        ledger = new DynamoDbActionLedger(aws.dynamo(), LEDGER_TABLE);
        try (Wafv2Client waf = waf(List.of())) {
            ipv4 = IpSetRef.fromArn(BlockedIpSets.ipv4(waf, "1.1.1.1/32").arn(), "test");
            ipv6 = IpSetRef.fromArn(BlockedIpSets.ipv6(waf).arn(), "test");
        }
        lambdaApi.accept();
        lambdaApi.clear();
        plans.clear();
        updateIpSetCalls.set(0);
        ownAddressLookups.set(0);
        ec2Faults.clear();
    }

    @Test
    void blocksTheIpv4AndIpv6AttackersOfTargetFindingsInOneWriteEach() throws IOException {
        JsonNode v4Event = plan(fixture("guardduty-ec2-ssh-bruteforce-target-low.json"), null, ATTACKER);
        JsonNode v6Event = plan(fixture("guardduty-ec2-rdp-bruteforce-ipv6-target-low.json"), null, ATTACKER_V6);

        JsonNode answer = invoke(handler(Map.of()), sqsBatch(v4Event, v6Event));

        assertThat(answer).isEqualTo(noFailures());
        List<JsonNode> handedOver = handedOver();
        assertThat(handedOver).hasSize(2);
        assertThat(handedOver).extracting(r -> Handoff.unwrap(r).event()).containsExactlyInAnyOrder(v4Event, v6Event);
        JsonNode report = handedOver.stream().filter(r -> r.path("requestPayload").equals(v4Event)).findFirst()
                .orElseThrow().path("responsePayload");
        assertThat(addresses(ipv4)).containsExactlyInAnyOrder("1.1.1.1/32", ATTACKER);
        assertThat(addresses(ipv6)).containsExactly(ATTACKER_V6);
        assertThat(updateIpSetCalls.get()).isEqualTo(2);
        String v4Finding = findingId(v4Event);
        LedgerEntry record = record(v4Finding, ResponseAction.BLOCK_ADDRESS, ATTACKER);
        assertThat(record.state()).isEqualTo(LedgerState.DONE);
        assertThat(record.expiresAt()).isEqualTo(NOW.plus(Duration.ofHours(24)));
        assertThat(record.artifacts()).containsEntry("ipSet", ipv4.arn()).containsEntry("addedToSet", "true");
        assertThat(ledger.find(BlockHoldings.keyOf(ATTACKER)).orElseThrow().state()).isEqualTo(LedgerState.DONE);
        assertThat(report.path("stage").asText()).isEqualTo("BlockAddresses");
        assertThat(report.path("findings")).hasSize(1);
        assertThat(report.path("findings").get(0).path("id").asText()).isEqualTo(v4Finding);
        assertThat(report.path("findings").get(0).path("acted").asBoolean()).isTrue();
        assertThat(report.path("findings").get(0).path("summary").asText())
                .isEqualTo("blocked " + ATTACKER + " in " + ipv4.arn() + " until 2026-11-27T10:06:00Z");
        assertThat(noteTexts()).containsExactlyInAnyOrder(
                "hub-responder BLOCK_ADDRESS: blocked " + ATTACKER + " in " + ipv4.arn()
                        + " until 2026-11-27T10:06:00Z [ledger " + record.ledgerId() + "]",
                "hub-responder BLOCK_ADDRESS: blocked " + ATTACKER_V6 + " in " + ipv6.arn()
                        + " until 2026-11-27T10:06:00Z [ledger "
                        + record(findingId(v6Event), ResponseAction.BLOCK_ADDRESS, ATTACKER_V6).ledgerId() + "]");
    }

    @Test
    void theAnalystsUnblockTakesOutBothAddressesAndResolvesTheFindings() throws IOException {
        JsonNode blocked = plan(fixture("custom-action-block.json"), "HubRespBlock", ATTACKER, ATTACKER_V6);
        invoke(handler(Map.of()), blocked.toString());
        assertThat(addresses(ipv4)).contains(ATTACKER);
        assertThat(addresses(ipv6)).contains(ATTACKER_V6);
        aws.securityHub().resetRequests();

        JsonNode unblock = planUnblock(fixture("custom-action-unblock.json"));
        JsonNode report = invoke(handler(Map.of()), unblock.toString());

        assertThat(addresses(ipv4)).containsExactly("1.1.1.1/32");
        assertThat(addresses(ipv6)).isEmpty();
        String first = findingId(unblock);
        assertThat(record(first, ResponseAction.BLOCK_ADDRESS, ATTACKER).state()).isEqualTo(LedgerState.RELEASED);
        assertThat(record(first, ResponseAction.UNBLOCK_ADDRESS, ATTACKER).state()).isEqualTo(LedgerState.DONE);
        assertThat(ledger.find(BlockHoldings.keyOf(ATTACKER_V6)).orElseThrow().state())
                .isEqualTo(LedgerState.RELEASED);
        assertThat(report.path("findings").get(0).path("summary").asText())
                .isEqualTo("removed " + ATTACKER + " from " + ipv4.arn() + "; removed " + ATTACKER_V6 + " from "
                        + ipv6.arn());
        assertThat(noteBodies()).hasSize(1).allSatisfy(body -> assertThat(body.path("Workflow").path("Status").asText())
                .isEqualTo("RESOLVED"));
    }

    @Test
    void aBurstOf500FindingsBlocksEveryAddressInOneWritePerSet() throws IOException {
        List<JsonNode> events = new ArrayList<>();
        ObjectNode template = (ObjectNode) JSON.readTree(fixture("guardduty-ec2-ssh-bruteforce-target-low.json"));
        for (int i = 0; i < 500; i++) {
            ObjectNode event = template.deepCopy();
            event.put("id", "burst-" + i);
            ((ObjectNode) event.path("detail").path("findings").get(0)).put("Id", "burst-finding-" + i);
            events.add(plan(event.toString(), null, "45.155." + (i / 250) + "." + (i % 250 + 1) + "/32"));
        }

        JsonNode answer = invoke(handler(Map.of()), sqsBatch(events.toArray(JsonNode[]::new)));

        assertThat(addresses(ipv4)).hasSize(501);
        assertThat(updateIpSetCalls.get()).isEqualTo(1);
        assertThat(answer).isEqualTo(noFailures());
        List<JsonNode> handedOver = handedOver();
        assertThat(handedOver).hasSize(500).allSatisfy(record -> {
            assertThat(record.path("requestContext").path("condition").asText()).isEqualTo("Success");
            assertThat(record.path("requestContext").path("functionArn").asText()).isEqualTo(FUNCTION_ARN);
            assertThat(record.path("responsePayload").path("findings").get(0).path("acted").asBoolean()).isTrue();
        });
        assertThat(handedOver).extracting(r -> r.path("requestPayload").path("id").asText()).doesNotHaveDuplicates();
    }

    @Test
    void aQueuedEventWhoseBlockFailsIsDeliveredAgainNotHandedOver() throws IOException {
        JsonNode event = plan(fixture("guardduty-ec2-ssh-bruteforce-target-low.json"), null, ATTACKER);

        JsonNode answer = invoke(handler(Map.of(), NOW, List.of(wafUnreachable())), sqsBatch(1, event));

        assertThat(answer.path("batchItemFailures")).extracting(f -> f.path("itemIdentifier").asText())
                .containsExactly("m-0");
        assertThat(handedOver()).isEmpty();
        assertThat(addresses(ipv4)).containsExactly("1.1.1.1/32");

        JsonNode again = invoke(handler(Map.of()), sqsBatch(2, event));

        assertThat(again).isEqualTo(noFailures());
        assertThat(addresses(ipv4)).containsExactlyInAnyOrder("1.1.1.1/32", ATTACKER);
        assertThat(handedOver()).singleElement().satisfies(record ->
                assertThat(record.path("responsePayload").path("findings").get(0).path("acted").asBoolean()).isTrue());
    }

    @Test
    void onItsLastDeliveryAFailingEventIsHandedOverAsFailedSoTheTicketSaysSo() throws IOException {
        JsonNode event = plan(fixture("guardduty-ec2-ssh-bruteforce-target-low.json"), null, ATTACKER);

        JsonNode answer = invoke(handler(Map.of("RESPONDER_QUEUE_MAX_RECEIVES", "3"), NOW, List.of(wafUnreachable())),
                sqsBatch(3, event));

        assertThat(answer).isEqualTo(noFailures());
        Handoff handoff = Handoff.unwrap(assertThat(handedOver()).singleElement().actual());
        assertThat(handoff.event()).isEqualTo(event);
        assertThat(handoff.failedStages()).singleElement().asString()
                .startsWith("RetriesExhausted: not settled after 3 deliveries: block of " + ATTACKER)
                .contains("could not reach WAF");
    }

    @Test
    void aBatchTheTicketStageCannotTakeIsDeliveredAgainAndTheRetryDoesNotWriteAgain() throws IOException {
        lambdaApi.failAll();
        JsonNode event = plan(fixture("guardduty-ec2-ssh-bruteforce-target-low.json"), null, ATTACKER);

        JsonNode answer = invoke(handler(Map.of()), sqsBatch(1, event));

        assertThat(answer.path("batchItemFailures")).extracting(f -> f.path("itemIdentifier").asText())
                .containsExactly("m-0");
        assertThat(addresses(ipv4)).contains(ATTACKER);

        lambdaApi.accept();
        lambdaApi.clear();
        JsonNode again = invoke(handler(Map.of()), sqsBatch(2, event));

        assertThat(again).isEqualTo(noFailures());
        assertThat(updateIpSetCalls.get()).isEqualTo(1);
        assertThat(handedOver()).singleElement().satisfies(record -> assertThat(record.path("responsePayload")
                .path("findings").get(0).path("summary").asText()).startsWith("already blocked"));
    }

    @Test
    void aQueuedMessageThatIsNotAnEventIsSkippedAndTheOthersAreBlocked() throws IOException {
        JsonNode event = plan(fixture("guardduty-ec2-ssh-bruteforce-target-low.json"), null, ATTACKER);
        ObjectNode batch = (ObjectNode) JSON.readTree(sqsBatch(1, event));
        ((ArrayNode) batch.path("Records")).insertObject(0).put("messageId", "garbage")
                .put("eventSource", "aws:sqs").put("body", "{not json");

        JsonNode answer = invoke(handler(Map.of()), batch.toString());

        assertThat(answer).isEqualTo(noFailures());
        assertThat(addresses(ipv4)).contains(ATTACKER);
        assertThat(handedOver()).extracting(r -> r.path("requestPayload")).containsExactly(event);
    }

    @Test
    void theDashboardCountsEachBlockItsRefusalsAndTheTimeToContain() throws IOException {
        PrintStream original = System.out;
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        try {
            metrics = new EmfResponderMetrics(MetricsBuilder.builder().withNamespace("HubResponder")
                    .withService("BlockAddresses").build());
            JsonNode event = plan(fixture("guardduty-ec2-ssh-bruteforce-target-low.json"), null, ATTACKER,
                    "10.0.1.25");

            invoke(handler(Map.of()), sqsBatch(event));
        } finally {
            System.setOut(original);
        }

        List<JsonNode> emf = new ArrayList<>();
        for (String line : stdout.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.contains("\"_aws\"")) {
                emf.add(JSON.readTree(line));
            }
        }
        assertThat(emf).anySatisfy(doc -> {
            assertThat(doc.path("ActionsDone").asDouble()).isEqualTo(1.0);
            assertThat(doc.path("Action").asText()).isEqualTo("BLOCK_ADDRESS");
            assertThat(doc.path("Severity").asText()).isEqualTo("CRITICAL");
        });
        assertThat(emf).anySatisfy(doc -> {
            assertThat(doc.path("ActionsRefused").asDouble()).isEqualTo(1.0);
            assertThat(doc.path("Action").asText()).isEqualTo("BLOCK_ADDRESS");
        });
        // First seen 09:41:07, blocked at 10:06:00 (the test's clock).
        assertThat(emf).anySatisfy(doc -> assertThat(doc.path("TimeToContain").asDouble()).isEqualTo(1493.0));
    }

    @Test
    void aQueuedFindingWhoseBlocksThePolicyAllRefusedIsHandedOverAsNotActedSoItIsAlertedOnce() throws IOException {
        JsonNode event = JSON.readTree(fixture("guardduty-ec2-ssh-bruteforce-target-low.json"));
        String id = findingId(event);
        register(event, EventKind.IMPORTED, null, List.of(new Decision(finding(id), List.of(
                new PlannedAction(ResponseAction.TICKET, null, "CRITICAL", false),
                new PlannedAction(ResponseAction.ALERT, null, "CRITICAL", false)),
                List.of(new Refusal(ResponseAction.BLOCK_ADDRESS, "10.0.3.7", "10.0.3.7 is private (RFC 1918)")),
                "block")));

        invoke(handler(Map.of()), sqsBatch(event));

        assertThat(record(id, ResponseAction.BLOCK_ADDRESS, "10.0.3.7/32").state()).isEqualTo(LedgerState.REFUSED);
        JsonNode report = assertThat(handedOver()).singleElement().actual().path("responsePayload");
        assertThat(report.path("findings").get(0).path("acted").asBoolean())
                .as("CreateTicket alerts this finding on its own delivery; acted here would alert it twice")
                .isFalse();
    }

    @Test
    void neverBlocksPrivateReservedOrWholeInternetAddresses() throws IOException {
        JsonNode event = plan(fixture("guardduty-ec2-ssh-bruteforce-target-low.json"), null, "10.0.1.25",
                "169.254.169.254", "0.0.0.0/0", "192.0.2.10", "::/0", "fd00:ec2::254", "::ffff:172.16.0.9");

        JsonNode report = invoke(handler(Map.of()), event.toString());

        assertThat(addresses(ipv4)).containsExactly("1.1.1.1/32");
        assertThat(addresses(ipv6)).isEmpty();
        assertThat(updateIpSetCalls.get()).isZero();
        String summary = report.path("findings").get(0).path("summary").asText();
        assertThat(summary).contains("block of 10.0.1.25/32 refused: 10.0.1.25 is private (RFC 1918, 10.0.0.0/8)")
                .contains("169.254.169.254 is the instance metadata address")
                .contains("0.0.0.0/0 is a /0 range, wider than one host")
                .contains("192.0.2.10 is documentation")
                .contains("::/0 is a /0 range")
                .contains("fd00:ec2::254 is the instance metadata address (IPv6")
                .contains("(carrying 172.16.0.9) is private");
        assertThat(ledger.findByFinding(findingId(event))).hasSize(7)
                .allSatisfy(e -> assertThat(e.state()).isEqualTo(LedgerState.REFUSED));
    }

    @Test
    void aFullSetRefusesNewBlocksWithTheReasonAndKeepsPeoplesEntries() throws IOException {
        JsonNode event = plan(fixture("guardduty-ec2-ssh-bruteforce-target-low.json"), null, ATTACKER, "89.248.165.52");

        JsonNode report = invoke(handler(Map.of("RESPONDER_WAF_SET_CAPACITY", "2")), event.toString());

        assertThat(addresses(ipv4)).containsExactlyInAnyOrder("1.1.1.1/32", ATTACKER);
        assertThat(report.path("findings").get(0).path("summary").asText())
                .contains(ipv4.arn() + " is full (1 of 2 entries, policy REFUSE): 89.248.165.52/32 not blocked")
                .contains("holds 2 of 2 entries (high-water mark)");
        assertThat(record(findingId(event), ResponseAction.BLOCK_ADDRESS, "89.248.165.52/32").state())
                .isEqualTo(LedgerState.REFUSED);
    }

    @Test
    void evictsTheResponderOwnOldestBlockWhenFullButNeverAPersonsEntry() throws IOException {
        Map<String, String> env = Map.of("RESPONDER_WAF_SET_CAPACITY", "2",
                "RESPONDER_WAF_FULL_SET_POLICY", "EVICT_OLDEST");
        JsonNode first = plan(fixture("guardduty-ec2-ssh-bruteforce-target-low.json"), null, ATTACKER);
        invoke(handler(env), first.toString());
        ObjectNode next = (ObjectNode) JSON.readTree(fixture("guardduty-ec2-ssh-bruteforce-target-low.json"));
        next.put("id", "second-event");
        ((ObjectNode) next.path("detail").path("findings").get(0)).put("Id", "second-finding");

        invoke(handler(env, NOW.plus(Duration.ofMinutes(5))), plan(next.toString(), null, "45.155.205.233")
                .toString());

        assertThat(addresses(ipv4)).containsExactlyInAnyOrder("1.1.1.1/32", "45.155.205.233/32");
        LedgerEntry evicted = record(findingId(first), ResponseAction.BLOCK_ADDRESS, ATTACKER);
        assertThat(evicted.state()).isEqualTo(LedgerState.RELEASED);
        assertThat(evicted.reason()).contains("evicted from " + ipv4.arn());
    }

    @Test
    void twoInvocationsRacingOnOneSetBothEndUpInIt() throws IOException {
        JsonNode mine = plan(fixture("guardduty-ec2-ssh-bruteforce-target-low.json"), null, ATTACKER);
        ObjectNode theirs = (ObjectNode) JSON.readTree(fixture("guardduty-ec2-ssh-bruteforce-target-low.json"));
        theirs.put("id", "racing-event");
        ((ObjectNode) theirs.path("detail").path("findings").get(0)).put("Id", "racing-finding");
        JsonNode racing = plan(theirs.toString(), null, "45.155.205.233");
        BlockAddressesHandler other = handler(Map.of());
        AtomicBoolean raced = new AtomicBoolean();
        ExecutionInterceptor otherWritesFirst = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof UpdateIpSetRequest && raced.compareAndSet(false, true)) {
                    invokeQuietly(other, racing.toString());
                }
            }
        };

        invoke(handler(Map.of(), NOW, List.of(otherWritesFirst)), mine.toString());

        assertThat(raced).isTrue();
        assertThat(addresses(ipv4)).containsExactlyInAnyOrder("1.1.1.1/32", ATTACKER, "45.155.205.233/32");
        assertThat(record(findingId(mine), ResponseAction.BLOCK_ADDRESS, ATTACKER).state())
                .isEqualTo(LedgerState.DONE);
    }

    @Test
    void aSecondDeliveryWritesNothingAndIsNotReportedAgain() throws IOException {
        JsonNode event = plan(fixture("guardduty-ec2-ssh-bruteforce-target-low.json"), null, ATTACKER);
        BlockAddressesHandler handler = handler(Map.of());

        invoke(handler, event.toString());
        JsonNode second = invoke(handler, event.toString());

        assertThat(updateIpSetCalls.get()).isEqualTo(1);
        assertThat(second.path("findings").get(0).path("acted").asBoolean()).isFalse();
        assertThat(second.path("findings").get(0).path("summary").asText()).startsWith("already blocked");
        assertThat(noteTexts()).hasSize(1);
    }

    @Test
    void answersWithAnEmptyReportForInputThatIsNotAnEvent() throws IOException {
        JsonNode report = invoke(handler(Map.of()), "{\"hello\":\"world\"}");

        assertThat(report).isEqualTo(JSON.readTree("{\"stage\":\"BlockAddresses\",\"findings\":[]}"));
        assertThat(updateIpSetCalls.get()).isZero();
    }

    @Test
    void neverBlocksTheAccountsElasticIpOrNatGatewayAddressAndStillBlocksTheOtherAttackersOfTheBatch()
            throws IOException {
        String elasticIp;
        String elasticIpAllocation;
        String natAddress;
        String natGateway;
        try (Ec2Client ec2 = ec2(List.of())) {
            // moto draws Elastic IPs from 127/8, which the address policy already refuses: public ones are asked for.
            var eip = ec2.allocateAddress(r -> r.domain(DomainType.VPC).address("3.120.44.7"));
            elasticIp = eip.publicIp();
            elasticIpAllocation = eip.allocationId();
            String vpc = ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16")).vpc().vpcId();
            String subnet = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.0.1.0/24")).subnet().subnetId();
            var natEip = ec2.allocateAddress(r -> r.domain(DomainType.VPC).address("18.197.33.21"));
            natAddress = natEip.publicIp();
            natGateway = ec2.createNatGateway(r -> r.subnetId(subnet).allocationId(natEip.allocationId()))
                    .natGateway().natGatewayId();
        }
        JsonNode onElasticIp = plan(anotherFinding("guardduty-ec2-ssh-bruteforce-target-low.json", "eip"), null,
                elasticIp, ATTACKER);
        JsonNode onNat = plan(anotherFinding("guardduty-ec2-ssh-bruteforce-target-low.json", "nat"), null,
                natAddress + "/32");
        JsonNode other = plan(anotherFinding("guardduty-ec2-rdp-bruteforce-ipv6-target-low.json", "other"), null,
                ATTACKER_V6);

        JsonNode answer = invoke(handler(Map.of()), sqsBatch(onElasticIp, onNat, other));

        assertThat(answer).isEqualTo(noFailures());
        assertThat(addresses(ipv4)).containsExactlyInAnyOrder("1.1.1.1/32", ATTACKER);
        assertThat(addresses(ipv6)).containsExactly(ATTACKER_V6);
        assertThat(ownAddressLookups.get()).as("one lookup for the whole batch").isEqualTo(1);
        String eipReason = elasticIp + "/32 is an Elastic IP of this account (" + elasticIpAllocation
                + "): never blocked";
        LedgerEntry eipRecord = record(findingId(onElasticIp), ResponseAction.BLOCK_ADDRESS, elasticIp + "/32");
        assertThat(eipRecord.state()).isEqualTo(LedgerState.REFUSED);
        assertThat(eipRecord.reason()).isEqualTo(eipReason);
        LedgerEntry natRecord = record(findingId(onNat), ResponseAction.BLOCK_ADDRESS, natAddress + "/32");
        assertThat(natRecord.state()).isEqualTo(LedgerState.REFUSED);
        assertThat(natRecord.reason()).startsWith(natAddress + "/32 is the public address of NAT gateway "
                + natGateway + " (eipalloc-").endsWith("): never blocked");
        assertThat(record(findingId(onElasticIp), ResponseAction.BLOCK_ADDRESS, ATTACKER).state())
                .isEqualTo(LedgerState.DONE);
        Map<String, JsonNode> reports = new HashMap<>();
        handedOver().forEach(r -> reports.put(r.path("requestPayload").path("id").asText(),
                r.path("responsePayload").path("findings").get(0)));
        assertThat(reports).hasSize(3);
        assertThat(reports.get("eip-event").path("summary").asText())
                .contains("block of " + elasticIp + "/32 refused: " + eipReason)
                .contains("blocked " + ATTACKER + " in " + ipv4.arn());
        assertThat(reports.get("nat-event").path("summary").asText())
                .contains("is the public address of NAT gateway " + natGateway);
        assertThat(reports.get("nat-event").path("acted").asBoolean())
                .as("a refusal only BlockAddresses could make is news: this stage hands it to the alert").isTrue();
        assertThat(reports.get("other-event").path("summary").asText()).startsWith("blocked " + ATTACKER_V6);
    }

    @Test
    void whenEc2DeniesTheLookupNothingIsBlockedAndTheRefusalSaysWhy() throws IOException {
        ec2Faults.add(natGatewaysFail(403, "UnauthorizedOperation",
                "You are not authorized to perform this operation."));
        JsonNode event = plan(fixture("guardduty-ec2-ssh-bruteforce-target-low.json"), null, ATTACKER);

        JsonNode answer = invoke(handler(Map.of()), sqsBatch(event));

        assertThat(answer).isEqualTo(noFailures());
        assertThat(addresses(ipv4)).containsExactly("1.1.1.1/32");
        assertThat(updateIpSetCalls.get()).isZero();
        String reason = "block of " + ATTACKER + " refused: the account's own public addresses (Elastic IPs, NAT"
                + " gateways) could not be looked up: DescribeNatGateways failed: UnauthorizedOperation: You are not"
                + " authorized to perform this operation.; never blocked without that check";
        LedgerEntry record = record(findingId(event), ResponseAction.BLOCK_ADDRESS, ATTACKER);
        assertThat(record.state()).isEqualTo(LedgerState.REFUSED);
        assertThat(record.reason()).isEqualTo(reason);
        assertThat(handedOver()).singleElement().satisfies(r -> assertThat(r.path("responsePayload")
                .path("findings").get(0).path("summary").asText()).isEqualTo(reason));
    }

    @Test
    void whenEc2ThrottlesTheLookupTheEventIsDeliveredAgainAndBlockedThen() throws IOException {
        ec2Faults.add(natGatewaysFail(503, "RequestLimitExceeded", "Request limit exceeded."));
        JsonNode event = plan(fixture("guardduty-ec2-ssh-bruteforce-target-low.json"), null, ATTACKER);

        JsonNode answer = invoke(handler(Map.of()), sqsBatch(1, event));

        assertThat(answer.path("batchItemFailures")).extracting(f -> f.path("itemIdentifier").asText())
                .containsExactly("m-0");
        assertThat(handedOver()).isEmpty();
        assertThat(addresses(ipv4)).containsExactly("1.1.1.1/32");
        assertThat(record(findingId(event), ResponseAction.BLOCK_ADDRESS, ATTACKER).state())
                .isEqualTo(LedgerState.PLANNED);

        ec2Faults.clear();
        JsonNode again = invoke(handler(Map.of()), sqsBatch(2, event));

        assertThat(again).isEqualTo(noFailures());
        assertThat(addresses(ipv4)).containsExactlyInAnyOrder("1.1.1.1/32", ATTACKER);
        assertThat(record(findingId(event), ResponseAction.BLOCK_ADDRESS, ATTACKER).state())
                .isEqualTo(LedgerState.DONE);
    }

    // --- wiring and fixtures ---

    BlockAddressesHandler handler(Map<String, String> env) {
        return handler(env, NOW);
    }

    BlockAddressesHandler handler(Map<String, String> env, Instant now) {
        return handler(env, now, List.of());
    }

    BlockAddressesHandler handler(Map<String, String> extra, Instant now, List<ExecutionInterceptor> interceptors) {
        Map<String, String> env = new HashMap<>(Map.of("LEDGER_TABLE", LEDGER_TABLE,
                WafIpSetBlockList.IPV4_SET_VARIABLE, ipv4.arn(), WafIpSetBlockList.IPV6_SET_VARIABLE, ipv6.arn()));
        env.putAll(extra);
        List<ExecutionInterceptor> all = new ArrayList<>(interceptors);
        all.add(new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof UpdateIpSetRequest) {
                    updateIpSetCalls.incrementAndGet();
                }
            }
        });
        // Conflict retries and unreachable-WAF retries need no real wait against moto: the backoff does not sleep.
        WafIpSetBlockList sets = new WafIpSetBlockList(waf(all), ipv4, ipv6,
                new Backoff(8, Duration.ofMillis(20), Duration.ofMillis(200), millis -> { }));
        return new BlockAddressesHandler(BlockAddressesWiring.of(env,
                event -> {
                    Plan plan = plans.get(event.path("id").asText());
                    if (plan == null) {
                        throw new MalformedEventException("no plan for this test event");
                    }
                    return plan;
                },
                sets, new Ec2OwnAddresses(ec2(ec2Faults)), aws.dynamo(),
                new SecurityHubFindingNotes(aws.securityHubClient(), 1, Duration.ofMillis(1)),
                new LambdaNextStage(lambdaClient, TICKET_ARN, JSON), metrics, Clock.fixed(now, ZoneOffset.UTC), JSON));
    }

    /** Registers what the policy would decide for every finding of the event: block these addresses. */
    JsonNode plan(String eventJson, String customActionId, String... addresses) throws IOException {
        JsonNode event = JSON.readTree(eventJson);
        CustomAction action = customActionId == null ? null : new CustomAction(
                event.path("resources").get(0).asText(), customActionId, customActionId, "");
        List<Decision> decisions = new ArrayList<>();
        for (JsonNode f : event.path("detail").path("findings")) {
            List<PlannedAction> actions = new ArrayList<>();
            for (String address : addresses) {
                actions.add(new PlannedAction(ResponseAction.BLOCK_ADDRESS, address, "attacker of the TARGET "
                        + "resource (TTPs/Initial Access/UnauthorizedAccess:EC2-SSHBruteForce)", false));
            }
            decisions.add(new Decision(finding(f.path("Id").asText()), actions, List.of(), "block"));
        }
        register(event, action == null ? EventKind.IMPORTED : EventKind.CUSTOM_ACTION, action, decisions);
        return event;
    }

    /** The analyst's unblock on the custom action event's findings: each names both attackers. */
    JsonNode planUnblock(String eventJson) throws IOException {
        JsonNode event = JSON.readTree(eventJson);
        CustomAction action = new CustomAction(event.path("resources").get(0).asText(), "HubRespUnblock",
                "Unblock addresses", "");
        List<Decision> decisions = new ArrayList<>();
        for (JsonNode f : event.path("detail").path("findings")) {
            decisions.add(new Decision(finding(f.path("Id").asText()), List.of(
                    new PlannedAction(ResponseAction.UNBLOCK_ADDRESS, ATTACKER, "custom action HubRespUnblock", false),
                    new PlannedAction(ResponseAction.UNBLOCK_ADDRESS, ATTACKER_V6, "custom action HubRespUnblock",
                            false)), List.of(), "unblock"));
        }
        register(event, EventKind.CUSTOM_ACTION, action, decisions);
        return event;
    }

    void register(JsonNode event, EventKind kind, CustomAction action, List<Decision> decisions) {
        plans.put(event.path("id").asText(), new Plan(new SecurityHubEvent(kind, event.path("id").asText(),
                "123456789012", "us-east-1", action, decisions.stream().map(Decision::finding).toList(), List.of()),
                decisions, List.of()));
        acceptNotesOnEveryPlannedFinding();
    }

    /** Security Hub's answer when it accepts the notes: every finding the test planned counts as processed. */
    void acceptNotesOnEveryPlannedFinding() {
        ObjectNode response = JSON.createObjectNode();
        ArrayNode processed = response.putArray("ProcessedFindings");
        plans.values().forEach(p -> p.decisions().forEach(d -> processed.addObject()
                .put("Id", d.finding().id()).put("ProductArn", d.finding().productArn())));
        response.putArray("UnprocessedFindings");
        aws.securityHub().stubFor(patch(urlEqualTo("/findings/batchupdate")).willReturn(okJson(response.toString())));
    }

    static Finding finding(String id) {
        Instant seen = Instant.parse("2026-11-26T09:41:07Z");
        return new Finding(FindingSchema.ASFF, id, "arn:aws:securityhub:us-east-1::product/aws/guardduty",
                "GuardDuty", "Amazon", "123456789012", "us-east-1",
                List.of("TTPs/Initial Access/UnauthorizedAccess:EC2-SSHBruteForce"), Severity.CRITICAL, 90.0,
                "ACTIVE", "NEW", "SSH brute force", "", seen, seen, seen, List.of(), List.of(), ResourceRole.TARGET,
                Map.of(), null);
    }

    static String sqsBatch(JsonNode... events) {
        return sqsBatch(1, events);
    }

    /** A batch as the SQS event source mapping delivers it, each message on its {@code receiveCount}th delivery. */
    static String sqsBatch(int receiveCount, JsonNode... events) {
        ObjectNode batch = JSON.createObjectNode();
        ArrayNode records = batch.putArray("Records");
        for (int i = 0; i < events.length; i++) {
            ObjectNode record = records.addObject().put("messageId", "m-" + i).put("receiptHandle", "handle-" + i)
                    .put("body", events[i].toString());
            record.putObject("attributes").put("ApproximateReceiveCount", String.valueOf(receiveCount))
                    .put("SentTimestamp", "1764151567000");
            record.putObject("messageAttributes");
            record.put("eventSource", "aws:sqs")
                    .put("eventSourceARN", "arn:aws:sqs:us-east-1:123456789012:hub-responder-block-queue")
                    .put("awsRegion", "us-east-1");
        }
        return batch.toString();
    }

    /** The records the ticket stage was invoked with; every invocation must be asynchronous and of its alias. */
    static List<JsonNode> handedOver() {
        List<JsonNode> records = new ArrayList<>();
        for (LambdaInvokeRecorder.Invocation invocation : lambdaApi.invocations()) {
            assertThat(invocation.function()).isEqualTo(TICKET_ARN);
            assertThat(invocation.invocationType()).isEqualTo("Event");
            records.add(invocation.payload());
        }
        return records;
    }

    /** WAF cannot be reached for writes: a retryable failure. */
    static ExecutionInterceptor wafUnreachable() {
        return new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof UpdateIpSetRequest) {
                    throw SdkClientException.create("connection refused (test)");
                }
            }
        };
    }

    /** What the SQS event source mapping reads as "every message of the batch succeeded". */
    static JsonNode noFailures() throws IOException {
        return JSON.readTree("{\"batchItemFailures\":[]}");
    }

    static String fixture(String name) throws IOException {
        return Files.readString(Path.of("..", "..", "events", name));
    }

    static String findingId(JsonNode event) {
        return event.path("detail").path("findings").get(0).path("Id").asText();
    }

    static JsonNode invoke(BlockAddressesHandler handler, String event) throws IOException {
        return LambdaInvoke.invoke(handler, event.getBytes(), "hub-responder-BlockAddresses");
    }

    static void invokeQuietly(BlockAddressesHandler handler, String event) {
        try {
            invoke(handler, event);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    LedgerEntry record(String findingId, ResponseAction action, String target) {
        return ledger.find(new ActionKey(findingId, action, target)).orElseThrow(() ->
                new AssertionError("no ledger record " + findingId + "|" + action + "|" + target));
    }

    List<String> addresses(IpSetRef set) {
        try (Wafv2Client waf = waf(List.of())) {
            return waf.getIPSet(r -> r.name(set.name()).scope(set.scope()).id(set.id())).ipSet().addresses();
        }
    }

    List<JsonNode> noteBodies() {
        return aws.securityHub().findAll(patchRequestedFor(urlEqualTo("/findings/batchupdate"))).stream()
                .map(r -> {
                    try {
                        return JSON.readTree(r.getBodyAsString());
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }).toList();
    }

    List<String> noteTexts() {
        return noteBodies().stream().map(b -> b.path("Note").path("Text").asText()).toList();
    }

    Ec2Client ec2(List<ExecutionInterceptor> faults) {
        List<ExecutionInterceptor> all = new ArrayList<>(faults);
        all.add(new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof DescribeAddressesRequest) {
                    ownAddressLookups.incrementAndGet();
                }
            }
        });
        return aws.moto().client(Ec2Client.builder()).overrideConfiguration(c -> c.executionInterceptors(all)).build();
    }

    /** EC2 answers {@code DescribeNatGateways} with this error, as a missing permission or throttling would. */
    static ExecutionInterceptor natGatewaysFail(int status, String code, String message) {
        return new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof DescribeNatGatewaysRequest) {
                    throw Ec2Exception.builder().statusCode(status).awsErrorDetails(AwsErrorDetails.builder()
                            .errorCode(code).errorMessage(message).serviceName("EC2").build()).build();
                }
            }
        };
    }

    /** The fixture event as another finding: its own event id and finding id. */
    static String anotherFinding(String fixture, String name) throws IOException {
        ObjectNode event = (ObjectNode) JSON.readTree(fixture(fixture));
        event.put("id", name + "-event");
        ((ObjectNode) event.path("detail").path("findings").get(0)).put("Id", name + "-finding");
        return event.toString();
    }

    static Wafv2Client waf(List<ExecutionInterceptor> interceptors) {
        return aws.moto().client(Wafv2Client.builder())
                .overrideConfiguration(c -> c.executionInterceptors(interceptors)).build();
    }

}
