package dev.hubresponder.functions.digest;

import dev.hubresponder.testkit.LambdaTestContext;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.hubresponder.aws.securityhub.SecurityHubFindingSource;
import dev.hubresponder.aws.sns.SnsAlertChannel;
import dev.hubresponder.digest.FindingSourceUnavailableException;
import dev.hubresponder.testing.TopicQueue;
import dev.hubresponder.testing.TopicQueue.Delivered;
import dev.hubresponder.testkit.MotoServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;

/**
 * The digest function end to end: {@code GetFindings} served page by page by WireMock in Security Hub's REST format
 * ({@code POST /findings}, answering {@code {"Findings":[…],"NextToken":…}}; the shape is the SDK's own: its
 * marshaller writes the requests asserted here and its unmarshaller reads the pages), the digest published to moto
 * SNS and read back from a subscribed SQS queue (raw delivery off).
 *
 * <p>Preconditions: {@code moto_server} installed (started by the test on a free 127.0.0.1 port; the test fails
 * naming the install command when it is missing); WireMock binds 127.0.0.1 on a free port. moto's own Security Hub
 * is not used: it ignores filters (aws-facts §9). Findings that do not match the filter are served on purpose and
 * must be left out on our side.
 */
class SendDigestHandlerTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-26T06:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Map<String, String> ENV = Map.of("AWS_REGION", MotoServer.REGION);

    private static MotoServer moto;
    private static WireMockServer securityHubStub;
    private static SecurityHubClient securityHub;

    private TopicQueue topic;
    private SendDigestHandler handler;

    @BeforeAll
    static void startEmulators() {
        moto = MotoServer.start();
        securityHubStub = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        securityHubStub.start();
        securityHub = SecurityHubClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + securityHubStub.port()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        MotoServer.ACCESS_KEY, MotoServer.SECRET_KEY)))
                .httpClient(ApacheHttpClient.create())
                .build();
    }

    @AfterAll
    static void stopEmulators() {
        securityHub.close();
        securityHubStub.stop();
        moto.close();
    }

    @BeforeEach
    void freshAccount() {
        moto.reset();
        securityHubStub.resetAll();
        topic = TopicQueue.create(moto, "hub-responder-alerts", ApacheHttpClient.create());
        handler = handler(ENV);
    }

    @AfterEach
    void closeTopic() {
        topic.close();
    }

    @Test
    void dayOfMediumFindingsProducesOneReadableDigest() throws IOException {
        TopicQueue digestsOnly = topic.subscribeFiltered("digests", "{\"action\":[\"DIGEST_DAILY\",\"DIGEST_WEEKLY\"]}");
        TopicQueue pager = topic.subscribeFiltered("pager", "{\"severity\":[\"CRITICAL\"],\"outcome\":[\"FAILED\"]}");
        servePage(null, "page-2",
                finding("f-1", "MEDIUM", "ACTIVE", NOW.minus(Duration.ofHours(1)), "111111111111", "i-0aaa",
                        "Software and Configuration Checks/Vulnerabilities/CVE", "CVE-2026-0001 in openssl"),
                finding("f-2", "MEDIUM", "ACTIVE", NOW.minus(Duration.ofHours(3)), "111111111111", "i-0aaa",
                        "Software and Configuration Checks/Vulnerabilities/CVE", "CVE-2026-0002 in curl"),
                finding("f-high", "HIGH", "ACTIVE", NOW.minus(Duration.ofHours(2)), "111111111111", "i-0bbb",
                        "TTPs/Discovery", "a HIGH finding the filter should have excluded"));
        servePage("page-2", "page-3",
                finding("f-archived", "MEDIUM", "ARCHIVED", NOW.minus(Duration.ofHours(2)), "222222222222",
                        "i-0ccc", "Effects/Data Exposure", "an archived finding"),
                finding("f-old", "MEDIUM", "ACTIVE", NOW.minus(Duration.ofDays(3)), "222222222222", "i-0ccc",
                        "Effects/Data Exposure", "updated three days ago"),
                finding("f-3", "MEDIUM", "ACTIVE", NOW.minus(Duration.ofHours(20)), "222222222222", "i-0ddd",
                        "Effects/Data Exposure", "S3 bucket\r\npolicy allows\u202E public\u0000 read <b>"));
        servePage("page-3", null,
                finding("f-4", "MEDIUM", "ACTIVE", NOW.minus(Duration.ofMinutes(5)), "111111111111", "i-0eee",
                        "Software and Configuration Checks/Vulnerabilities/CVE", "CVE-2026-0003 in glibc"));

        JsonNode result = invoke("{\"digest\":\"DAILY\"}");

        List<LoggedRequest> requests = securityHubStub.findAll(postRequestedFor(urlEqualTo("/findings")));
        assertThat(requests).hasSize(3);
        String filters = """
                {"Filters":{"SeverityLabel":[{"Value":"MEDIUM","Comparison":"EQUALS"}],
                  "RecordState":[{"Value":"ACTIVE","Comparison":"EQUALS"}],
                  "UpdatedAt":[{"Start":"2026-11-25T06:00:00Z","End":"2026-11-26T06:00:00Z"}]},
                 "MaxResults":100%s}""";
        assertThat(MAPPER.readTree(requests.get(0).getBodyAsString())).isEqualTo(MAPPER.readTree(filters.formatted("")));
        assertThat(MAPPER.readTree(requests.get(1).getBodyAsString()))
                .isEqualTo(MAPPER.readTree(filters.formatted(",\"NextToken\":\"page-2\"")));
        assertThat(MAPPER.readTree(requests.get(2).getBodyAsString()))
                .isEqualTo(MAPPER.readTree(filters.formatted(",\"NextToken\":\"page-3\"")));

        List<Delivered> delivered = topic.receive(Duration.ofSeconds(5));
        assertThat(delivered).hasSize(1);
        Delivered digest = delivered.get(0);
        assertThat(digest.subject()).isEqualTo("Daily digest: 4 MEDIUM findings, to 2026-11-26");
        assertThat(digest.attributes()).containsOnly(Map.entry("severity", "MEDIUM"),
                Map.entry("action", "DIGEST_DAILY"), Map.entry("outcome", "COMPLETE"));
        assertThat(digest.message())
                .startsWith("Daily digest of MEDIUM findings in Security Hub\n"
                        + "Active findings updated 2026-11-25 06:00 UTC to 2026-11-26 06:00 UTC: 4\n")
                .contains("By type (2)\n      3  Software and Configuration Checks/Vulnerabilities/CVE\n"
                        + "      1  Effects/Data Exposure\n")
                .contains("By account (2)\n      3  111111111111\n      1  222222222222\n")
                .contains("By resource (3)\n      2  AwsEc2Instance arn:aws:ec2:us-east-1:111111111111:instance/i-0aaa\n")
                .contains("Top 4 (highest severity, most recently updated first)\n"
                        + "1. [MEDIUM] CVE-2026-0003 in glibc\n")
                .contains("4. [MEDIUM] S3 bucket policy allows public read <b>\n")
                .contains("Read 7 finding(s) in 3 page(s) from Security Hub.\n")
                .contains("Left out because they did not match the digest's filter: 1 (record state ARCHIVED), "
                        + "1 (severity HIGH), 1 (updated outside the window).")
                .doesNotContain("f-high", "\u202E", "\u0000", "\r");
        assertThat(digestsOnly.receive(Duration.ofSeconds(5))).hasSize(1);
        assertThat(pager.receive(Duration.ofSeconds(1))).isEmpty();
        assertThat(result.path("status").asText()).isEqualTo("SENT");
        assertThat(result.path("included").asInt()).isEqualTo(4);
        assertThat(result.path("dropped").asInt()).isEqualTo(3);
    }

    @Test
    void weeklyDigestAsksForEachWeeklySeverityOverSevenDays() throws IOException {
        servePage(null, null, finding("low-1", "LOW", "ACTIVE", NOW.minus(Duration.ofDays(6)), "111111111111",
                "i-0aaa", "Software and Configuration Checks/AWS Security Best Practices", "S3 logging off"));

        invoke("{\"digest\":\"WEEKLY\"}");

        securityHubStub.verify(1, postRequestedFor(urlEqualTo("/findings")).withRequestBody(equalToJson("""
                {"Filters":{"SeverityLabel":[{"Value":"INFORMATIONAL","Comparison":"EQUALS"},
                                             {"Value":"LOW","Comparison":"EQUALS"}],
                  "RecordState":[{"Value":"ACTIVE","Comparison":"EQUALS"}],
                  "UpdatedAt":[{"Start":"2026-11-19T06:00:00Z","End":"2026-11-26T06:00:00Z"}]},
                 "MaxResults":100}""", true, false)));
        Delivered digest = topic.receive(Duration.ofSeconds(5)).get(0);
        assertThat(digest.subject()).isEqualTo("Weekly digest: 1 LOW/INFORMATIONAL finding, to 2026-11-26");
        assertThat(digest.attributes()).containsEntry("severity", "LOW").containsEntry("action", "DIGEST_WEEKLY");
    }

    @Test
    void accessDeniedOnALaterPageSendsADigestMarkedIncomplete() throws IOException {
        servePage(null, "page-2", finding("f-1", "MEDIUM", "ACTIVE", NOW.minus(Duration.ofHours(1)),
                "111111111111", "i-0aaa", "Effects/Data Exposure", "public bucket"));
        securityHubStub.stubFor(post(urlEqualTo("/findings")).atPriority(1)
                .withRequestBody(matchingJsonPath("$.NextToken", equalTo("page-2")))
                .willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/json")
                        .withHeader("x-amzn-ErrorType", "AccessDeniedException")
                        .withBody("{\"Message\":\"not authorized to perform securityhub:GetFindings\"}")));

        JsonNode result = invoke("{\"digest\":\"DAILY\"}");

        Delivered digest = topic.receive(Duration.ofSeconds(5)).get(0);
        assertThat(digest.subject()).isEqualTo("Daily digest INCOMPLETE: 1 MEDIUM finding, to 2026-11-26");
        assertThat(digest.attributes()).containsEntry("outcome", "INCOMPLETE");
        assertThat(digest.message()).contains("INCOMPLETE: reading findings stopped after 1 page(s): GetFindings page"
                + " 2 refused: AccessDeniedException: not authorized to perform securityhub:GetFindings");
        assertThat(result.path("scan").path("failure").asText()).contains("AccessDeniedException");
    }

    @Test
    void throttledSecurityHubIsRetriedByLambdaAndSendsNothing() {
        securityHubStub.stubFor(post(urlEqualTo("/findings")).willReturn(aResponse().withStatus(429)
                .withHeader("Content-Type", "application/json")
                .withHeader("x-amzn-ErrorType", "TooManyRequestsException")
                .withBody("{\"Message\":\"Rate exceeded\"}")));

        assertThatThrownBy(() -> invoke("{\"digest\":\"DAILY\"}"))
                .isInstanceOf(FindingSourceUnavailableException.class)
                .hasMessageContaining("GetFindings page 1 could not be read right now");
        assertThat(topic.receive(Duration.ofSeconds(1))).isEmpty();
    }

    @Test
    void repeatedNextTokenStopsTheScanInsteadOfLooping() throws IOException {
        serveTwoPages("same", "same");

        invoke("{\"digest\":\"DAILY\"}");

        assertThat(securityHubStub.findAll(postRequestedFor(urlEqualTo("/findings")))).hasSize(2);
        assertThat(topic.receive(Duration.ofSeconds(5)).get(0).message())
                .contains("Security Hub returned the same NextToken twice");
    }

    @Test
    void pageCapStopsARunawayScanAndSaysSo() throws IOException {
        serveTwoPages("page-2", "page-3");
        handler = new SendDigestHandler(DigestWiring.of(ENV, new SecurityHubFindingSource(securityHub, 2),
                new SnsAlertChannel(topic.sns(), topic.topicArn()), CLOCK));

        invoke("{\"digest\":\"DAILY\"}");

        assertThat(securityHubStub.findAll(postRequestedFor(urlEqualTo("/findings")))).hasSize(2);
        Delivered digest = topic.receive(Duration.ofSeconds(5)).get(0);
        assertThat(digest.subject()).startsWith("Daily digest INCOMPLETE: 2 MEDIUM findings");
        assertThat(digest.message()).contains("stopped after 2 pages of 100 findings");
    }

    @Test
    void requestWithoutATierIsRefusedWithoutReadingOrSending() throws IOException {
        JsonNode result = invoke("{\"digest\":\"HOURLY\"}");
        JsonNode garbage = invoke("not json");

        assertThat(result.path("error").asText()).contains("named 'HOURLY'");
        assertThat(garbage.path("error").asText()).contains("named '(unreadable)'");
        assertThat(securityHubStub.findAll(postRequestedFor(urlEqualTo("/findings")))).isEmpty();
        assertThat(topic.receive(Duration.ofSeconds(1))).isEmpty();
    }

    private SendDigestHandler handler(Map<String, String> env) {
        return new SendDigestHandler(DigestWiring.of(env, new SecurityHubFindingSource(securityHub,
                DigestWiring.maxPages(env)), new SnsAlertChannel(topic.sns(), topic.topicArn()), CLOCK));
    }

    private JsonNode invoke(String input) throws IOException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), output,
                new LambdaTestContext("hub-responder-SendDigest"));
        return MAPPER.readTree(output.toByteArray());
    }

    /** Answers the request carrying {@code token} (the first page when null) with these findings. */
    /** Two public-bucket findings, one a page: the first page names {@code second}, the second {@code third}. */
    private static void serveTwoPages(String second, String third) {
        servePage(null, second, finding("f-1", "MEDIUM", "ACTIVE", NOW.minus(Duration.ofHours(1)), "111111111111",
                "i-0aaa", "Effects/Data Exposure", "public bucket"));
        servePage(second, third, finding("f-2", "MEDIUM", "ACTIVE", NOW.minus(Duration.ofHours(1)), "111111111111",
                "i-0bbb", "Effects/Data Exposure", "another public bucket"));
    }

    private static void servePage(String token, String nextToken, ObjectNode... findings) {
        ObjectNode page = MAPPER.createObjectNode();
        ArrayNode list = page.putArray("Findings");
        for (ObjectNode finding : findings) {
            list.add(finding);
        }
        if (nextToken != null) {
            page.put("NextToken", nextToken);
        }
        var request = post(urlEqualTo("/findings"));
        request = token == null ? request.atPriority(10)
                : request.atPriority(1).withRequestBody(matchingJsonPath("$.NextToken", equalTo(token)));
        securityHubStub.stubFor(request.willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(page.toString())));
    }

    /** A finding in ASFF as GetFindings returns it. */
    private static ObjectNode finding(String id, String severity, String recordState, Instant updatedAt,
                                      String account, String instance, String type, String title) {
        ObjectNode f = MAPPER.createObjectNode();
        f.put("SchemaVersion", "2018-10-08");
        f.put("Id", id);
        f.put("ProductArn", "arn:aws:securityhub:us-east-1::product/aws/inspector");
        f.put("ProductName", "Inspector");
        f.put("CompanyName", "Amazon");
        f.put("GeneratorId", "generator-" + id);
        f.put("AwsAccountId", account);
        f.put("Region", "us-east-1");
        f.putArray("Types").add(type);
        f.put("CreatedAt", updatedAt.minus(Duration.ofDays(10)).toString());
        f.put("UpdatedAt", updatedAt.toString());
        f.putObject("Severity").put("Label", severity).put("Normalized", 40);
        f.put("Title", title);
        f.put("Description", title + " (description)");
        f.putArray("Resources").addObject().put("Type", "AwsEc2Instance")
                .put("Id", "arn:aws:ec2:us-east-1:" + account + ":instance/" + instance).put("Region", "us-east-1");
        f.put("RecordState", recordState);
        f.putObject("Workflow").put("Status", "NEW");
        return f;
    }
}
