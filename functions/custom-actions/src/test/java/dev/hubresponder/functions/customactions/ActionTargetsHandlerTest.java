package dev.hubresponder.functions.customactions;

import dev.hubresponder.testkit.LambdaTestContext;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;

/**
 * The custom resource handler end to end: the real Security Hub SDK client against a WireMock server that answers
 * in Security Hub's REST format (POST /actionTargets, POST /actionTargets/get, PATCH and DELETE
 * /actionTargets/{arn}), and a second WireMock server standing in for CloudFormation's pre-signed response URL.
 * Preconditions: none beyond the loopback interface; both servers bind 127.0.0.1 on free ports.
 */
class ActionTargetsHandlerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACCOUNT = "123456789012";
    private static final String STACK_ID =
            "arn:aws:cloudformation:us-east-1:" + ACCOUNT + ":stack/hub-responder/0a1b2c3d-0000-4000-8000-000000000001";
    private static final String RESPONSE_PATH = "/cloudformation-response/req-1";
    private static final List<Map<String, String>> DECLARED = List.of(
            target("HubRespIsolate", "Isolate resource"),
            target("HubRespRelease", "Release resource"),
            target("HubRespStopTask", "Stop ECS task"),
            target("HubRespBlock", "Block attacker IPs"),
            target("HubRespUnblock", "Unblock IPs"),
            target("HubRespTicket", "Open ticket"));

    private WireMockServer securityHub;
    private WireMockServer cloudFormation;
    private SecurityHubClient client;

    @BeforeEach
    void startServers() {
        securityHub = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        cloudFormation = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        securityHub.start();
        cloudFormation.start();
        cloudFormation.stubFor(put(urlPathEqualTo(RESPONSE_PATH)).willReturn(aResponse().withStatus(200)));
        securityHub.stubFor(post(urlPathEqualTo("/actionTargets"))
                .willReturn(okJson("{\"ActionTargetArn\":\"arn:aws:securityhub:us-east-1:" + ACCOUNT
                        + ":action/custom/{{jsonPath request.body '$.Id'}}\"}")
                        .withTransformers("response-template")));
        securityHub.stubFor(any(urlPathMatching("/actionTargets/arn.*")).willReturn(okJson("{}")));
        client = SecurityHubClient.builder()
                .endpointOverride(URI.create(securityHub.baseUrl()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    @AfterEach
    void stopServers() {
        client.close();
        securityHub.stop();
        cloudFormation.stop();
    }

    @Test
    void createMakesEveryDeclaredTargetAndAnswersSuccessWithTheirArns() throws Exception {
        existingTargets();

        JsonNode answer = invoke(request("Create", DECLARED, null, null));

        assertThat(answer.path("Status").asText()).isEqualTo("SUCCESS");
        assertThat(answer.path("StackId").asText()).isEqualTo(STACK_ID);
        assertThat(answer.path("RequestId").asText()).isEqualTo("req-1");
        assertThat(answer.path("LogicalResourceId").asText()).isEqualTo("SecurityHubActionTargets");
        assertThat(answer.path("PhysicalResourceId").asText()).startsWith("SecurityHubActionTargets-");
        assertThat(answer.path("Data").path("HubRespBlock").asText())
                .isEqualTo("arn:aws:securityhub:us-east-1:" + ACCOUNT + ":action/custom/HubRespBlock");
        List<JsonNode> created = bodies(securityHub.findAll(postRequestedFor(urlPathEqualTo("/actionTargets"))));
        assertThat(created).extracting(b -> b.path("Id").asText())
                .containsExactly("HubRespIsolate", "HubRespRelease", "HubRespStopTask", "HubRespBlock",
                        "HubRespUnblock", "HubRespTicket");
        assertThat(created.get(3).path("Name").asText()).isEqualTo("Block attacker IPs");
    }

    @Test
    void createKeepsTargetsThatAlreadyExistUnchanged() throws Exception {
        existingTargets(existing("HubRespIsolate", "Isolate resource"), existing("HubRespTicket", "Open ticket"));

        JsonNode answer = invoke(request("Create", DECLARED, null, null));

        assertThat(answer.path("Status").asText()).isEqualTo("SUCCESS");
        assertThat(answer.path("Reason").asText()).contains("4 created", "0 updated", "2 unchanged");
        assertThat(bodies(securityHub.findAll(postRequestedFor(urlPathEqualTo("/actionTargets")))))
                .extracting(b -> b.path("Id").asText())
                .containsExactly("HubRespRelease", "HubRespStopTask", "HubRespBlock", "HubRespUnblock");
        assertThat(securityHub.findAll(patchRequestedFor(urlPathMatching("/actionTargets/.*")))).isEmpty();
    }

    @Test
    void updateCreatesNewRenamesChangedAndDeletesUndeclaredTargets() throws Exception {
        List<Map<String, String>> before = List.of(target("HubRespIsolate", "Isolate"), target("HubRespOld", "Old"));
        List<Map<String, String>> after = List.of(target("HubRespIsolate", "Isolate resource"),
                target("HubRespTicket", "Open ticket"));
        existingTargets(existing("HubRespIsolate", "Isolate"), existing("HubRespOld", "Old"));

        JsonNode answer = invoke(request("Update", after, before, "SecurityHubActionTargets-abc"));

        assertThat(answer.path("Status").asText()).isEqualTo("SUCCESS");
        assertThat(answer.path("PhysicalResourceId").asText()).isEqualTo("SecurityHubActionTargets-abc");
        assertThat(bodies(securityHub.findAll(postRequestedFor(urlPathEqualTo("/actionTargets")))))
                .extracting(b -> b.path("Id").asText()).containsExactly("HubRespTicket");
        List<LoggedRequest> renamed = securityHub.findAll(patchRequestedFor(urlPathMatching("/actionTargets/.*")));
        assertThat(renamed).extracting(ActionTargetsHandlerTest::targetArnInPath)
                .containsExactly(arn("HubRespIsolate"));
        assertThat(JSON.readTree(renamed.get(0).getBodyAsString()).path("Name").asText())
                .isEqualTo("Isolate resource");
        assertThat(deletedArns()).containsExactly(arn("HubRespOld"));
    }

    @Test
    void updateNeverDeletesTargetsTheStackDidNotDeclare() throws Exception {
        existingTargets(existing("AnalystOwnAction", "Mine"), existing("HubRespIsolate", "Isolate resource"));
        List<Map<String, String>> declared = List.of(target("HubRespIsolate", "Isolate resource"));

        JsonNode answer = invoke(request("Update", declared, declared, "SecurityHubActionTargets-abc"));

        assertThat(answer.path("Status").asText()).isEqualTo("SUCCESS");
        assertThat(deletedArns()).isEmpty();
        assertThat(securityHub.findAll(postRequestedFor(urlPathEqualTo("/actionTargets")))).isEmpty();
    }

    @Test
    void deleteRemovesEveryDeclaredTargetAndAnswersSuccess() throws Exception {
        JsonNode answer = invoke(request("Delete", DECLARED, null, "SecurityHubActionTargets-abc"));

        assertThat(answer.path("Status").asText()).isEqualTo("SUCCESS");
        assertThat(answer.path("PhysicalResourceId").asText()).isEqualTo("SecurityHubActionTargets-abc");
        assertThat(deletedArns()).containsExactly(arn("HubRespIsolate"), arn("HubRespRelease"),
                arn("HubRespStopTask"), arn("HubRespBlock"), arn("HubRespUnblock"), arn("HubRespTicket"));
    }

    @Test
    void deleteAnswersSuccessWhenTheTargetsAreAlreadyGone() throws Exception {
        securityHub.stubFor(any(urlPathMatching("/actionTargets/arn.*"))
                .willReturn(securityHubError(404, "ResourceNotFoundException", "Action target not found")));

        JsonNode answer = invoke(request("Delete", DECLARED, null, "SecurityHubActionTargets-abc"));

        assertThat(answer.path("Status").asText()).isEqualTo("SUCCESS");
        assertThat(answer.path("Reason").asText()).contains("0 deleted", "6 already gone");
    }

    @Test
    void deleteAnswersSuccessWhenSecurityHubIsNotEnabled() throws Exception {
        securityHub.stubFor(any(urlPathMatching("/actionTargets/arn.*")).willReturn(securityHubError(401,
                "InvalidAccessException", "Account 123456789012 is not subscribed to AWS Security Hub")));

        JsonNode answer = invoke(request("Delete", DECLARED, null, "SecurityHubActionTargets-abc"));

        assertThat(answer.path("Status").asText()).isEqualTo("SUCCESS");
    }

    @Test
    void deleteAfterACreateThatFailedOnItsPropertiesAnswersSuccessWithoutCalls() throws Exception {
        JsonNode answer = invoke(request("Delete", List.of(Map.of("Name", "no id")), null, "SecurityHubActionTargets-abc"));

        assertThat(answer.path("Status").asText()).isEqualTo("SUCCESS");
        assertThat(securityHub.getAllServeEvents()).isEmpty();
    }

    @Test
    void createAnswersFailedNamingTheTargetSecurityHubRefused() throws Exception {
        existingTargets();
        securityHub.stubFor(post(urlPathEqualTo("/actionTargets"))
                .withRequestBody(containing("\"HubRespBlock\""))
                .willReturn(securityHubError(403, "AccessDeniedException", "not authorized to CreateActionTarget")));

        JsonNode answer = invoke(request("Create", DECLARED, null, null));

        assertThat(answer.path("Status").asText()).isEqualTo("FAILED");
        assertThat(answer.path("Reason").asText())
                .contains("creating action target HubRespBlock failed", "not authorized to CreateActionTarget");
        assertThat(answer.path("PhysicalResourceId").asText()).startsWith("SecurityHubActionTargets-");
    }

    @Test
    void createAnswersFailedWithoutCallsWhenANameIsTooLong() throws Exception {
        JsonNode answer = invoke(request("Create",
                List.of(target("HubRespBlock", "Block attacker IP addresses")), null, null));

        assertThat(answer.path("Status").asText()).isEqualTo("FAILED");
        assertThat(answer.path("Reason").asText()).contains("HubRespBlock", "1 to 20 characters");
        assertThat(securityHub.getAllServeEvents()).isEmpty();
    }

    @Test
    void answersFailedBeforeTheFunctionTimesOutWhenSecurityHubHangs() throws Exception {
        securityHub.stubFor(post(urlPathEqualTo("/actionTargets/get"))
                .willReturn(okJson("{\"ActionTargets\":[]}").withFixedDelay(5_000)));

        // 2 s left on the clock minus the handler's 0.5 s to send the answer leaves a 1 s budget for the work.
        JsonNode answer = invoke(request("Create", DECLARED, null, null), new LambdaTestContext("ActionTargetsFunction", 2_000));

        assertThat(cloudFormation.findAll(putRequestedFor(urlPathEqualTo(RESPONSE_PATH)))).hasSize(1);
        assertThat(answer.path("Status").asText()).isEqualTo("FAILED");
        assertThat(answer.path("Reason").asText()).isEqualTo("CREATE did not finish within 1 s "
                + "(Security Hub slow or unreachable); nothing further will be done");
    }

    @Test
    void answersFailedToARequestWithoutAStackId() throws Exception {
        ObjectNode event = request("Create", DECLARED, null, null);
        event.remove("StackId");

        JsonNode answer = invoke(event);

        assertThat(answer.path("Status").asText()).isEqualTo("FAILED");
        assertThat(answer.path("Reason").asText()).contains("StackId is missing");
        assertThat(answer.path("RequestId").asText()).isEqualTo("req-1");
    }

    @Test
    void sendsTheAnswerWithoutAContentTypeBecauseThePresignedUrlIsSignedWithoutOne() throws Exception {
        existingTargets();

        invoke(request("Create", DECLARED, null, null));

        LoggedRequest put = cloudFormation.findAll(putRequestedFor(urlPathEqualTo(RESPONSE_PATH))).get(0);
        assertThat(put.containsHeader("Content-Type")).isFalse();
        assertThat(put.queryParameter("X-Amz-Signature").firstValue()).isEqualTo("abc");
    }

    @Test
    void retriesTheAnswerUntilCloudFormationAcceptsIt() throws Exception {
        existingTargets();
        cloudFormation.stubFor(put(urlPathEqualTo(RESPONSE_PATH)).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("recovered"));
        cloudFormation.stubFor(put(urlPathEqualTo(RESPONSE_PATH)).inScenario("flaky").whenScenarioStateIs("recovered")
                .willReturn(aResponse().withStatus(200)));

        handler().handleRequest(input(request("Create", DECLARED, null, null)), new ByteArrayOutputStream(),
                new LambdaTestContext("ActionTargetsFunction", 60_000));

        assertThat(cloudFormation.findAll(putRequestedFor(urlPathEqualTo(RESPONSE_PATH)))).hasSize(2);
    }

    @Test
    void throwsSoThatLambdaRetriesWhenTheAnswerCannotBeDelivered() {
        existingTargets();
        cloudFormation.stubFor(put(urlPathEqualTo(RESPONSE_PATH)).willReturn(aResponse().withStatus(503)));

        assertThatThrownBy(() -> handler().handleRequest(input(request("Create", DECLARED, null, null)),
                new ByteArrayOutputStream(), new LambdaTestContext("ActionTargetsFunction", 60_000)))
                .isInstanceOf(ResponseSender.ResponseNotDeliveredException.class)
                .hasMessageContaining("after 3 tries");
        assertThat(cloudFormation.findAll(putRequestedFor(urlPathEqualTo(RESPONSE_PATH)))).hasSize(3);
    }

    @Test
    void leavesAnEventWithoutAResponseUrlUnanswered() throws Exception {
        ObjectNode event = request("Create", DECLARED, null, null);
        event.remove("ResponseURL");

        handler().handleRequest(input(event), new ByteArrayOutputStream(), new LambdaTestContext("ActionTargetsFunction", 60_000));

        assertThat(cloudFormation.getAllServeEvents()).isEmpty();
        assertThat(securityHub.getAllServeEvents()).isEmpty();
    }

    private ActionTargetsHandler handler() {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        return new ActionTargetsHandler(new SecurityHubActionTargets(client),
                new ResponseSender(http, 3, Duration.ofMillis(10)), Duration.ofMillis(500));
    }

    private JsonNode invoke(ObjectNode event) throws Exception {
        return invoke(event, new LambdaTestContext("ActionTargetsFunction", 60_000));
    }

    private JsonNode invoke(ObjectNode event, LambdaTestContext context) throws Exception {
        handler().handleRequest(input(event), new ByteArrayOutputStream(), context);
        List<LoggedRequest> answers = cloudFormation.findAll(putRequestedFor(urlPathEqualTo(RESPONSE_PATH)));
        assertThat(answers).as("answers PUT to the response URL").hasSize(1);
        return JSON.readTree(answers.get(0).getBodyAsString());
    }

    private ObjectNode request(String type, List<Map<String, String>> targets, List<Map<String, String>> oldTargets,
                               String physicalId) {
        ObjectNode event = JSON.createObjectNode()
                .put("RequestType", type)
                .put("ResponseURL", cloudFormation.baseUrl() + RESPONSE_PATH + "?X-Amz-Signature=abc")
                .put("StackId", STACK_ID)
                .put("RequestId", "req-1")
                .put("ResourceType", "Custom::SecurityHubActionTargets")
                .put("LogicalResourceId", "SecurityHubActionTargets");
        if (physicalId != null) {
            event.put("PhysicalResourceId", physicalId);
        }
        event.set("ResourceProperties", properties(targets));
        if (oldTargets != null) {
            event.set("OldResourceProperties", properties(oldTargets));
        }
        return event;
    }

    private static ObjectNode properties(List<Map<String, String>> targets) {
        ObjectNode properties = JSON.createObjectNode()
                .put("ServiceToken", "arn:aws:lambda:us-east-1:" + ACCOUNT + ":function:ActionTargetsFunction:live")
                .put("ServiceTimeout", "300");
        ArrayNode list = properties.putArray("ActionTargets");
        targets.forEach(t -> list.add(JSON.valueToTree(t)));
        return properties;
    }

    private void existingTargets(String... targets) {
        securityHub.stubFor(post(urlPathEqualTo("/actionTargets/get"))
                .willReturn(okJson("{\"ActionTargets\":[" + String.join(",", targets) + "]}")));
    }

    private static String existing(String id, String name) {
        return "{\"ActionTargetArn\":\"" + arn(id) + "\",\"Name\":\"" + name + "\",\"Description\":\"" + name
                + " (hub-responder)\"}";
    }

    private static Map<String, String> target(String id, String name) {
        return Map.of("Id", id, "Name", name, "Description", name + " (hub-responder)");
    }

    private static String arn(String id) {
        return "arn:aws:securityhub:us-east-1:" + ACCOUNT + ":action/custom/" + id;
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder securityHubError(
            int status, String type, String message) {
        return aResponse().withStatus(status)
                .withHeader("x-amzn-ErrorType", type)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"Code\":\"" + type + "\",\"Message\":\"" + message + "\"}");
    }

    private List<String> deletedArns() {
        return securityHub.findAll(deleteRequestedFor(urlPathMatching("/actionTargets/.*"))).stream()
                .map(ActionTargetsHandlerTest::targetArnInPath).toList();
    }

    private static String targetArnInPath(LoggedRequest request) {
        String path = URI.create(request.getUrl()).getRawPath();
        return URLDecoder.decode(path.substring("/actionTargets/".length()), StandardCharsets.UTF_8);
    }

    private static List<JsonNode> bodies(List<LoggedRequest> requests) {
        return requests.stream().map(r -> {
            try {
                return JSON.readTree(r.getBodyAsString());
            } catch (java.io.IOException e) {
                throw new IllegalStateException("request body is not JSON: " + r.getBodyAsString(), e);
            }
        }).toList();
    }

    private static ByteArrayInputStream input(JsonNode event) {
        return new ByteArrayInputStream(event.toString().getBytes(StandardCharsets.UTF_8));
    }
}
