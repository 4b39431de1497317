package dev.hubresponder.functions.ticket;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.hubresponder.aws.ledger.DynamoDbActionLedger;
import dev.hubresponder.aws.ledger.LedgerTable;
import dev.hubresponder.aws.securityhub.SecurityHubFindingNotes;
import dev.hubresponder.config.ConfigurationException;
import dev.hubresponder.config.ResponderConfig;
import dev.hubresponder.ledger.ActionKey;
import dev.hubresponder.ledger.LedgerEntry;
import dev.hubresponder.ledger.LedgerState;
import dev.hubresponder.metrics.ResponderMetrics;
import dev.hubresponder.plan.ResponsePlanner;
import dev.hubresponder.policy.ResponseAction;
import dev.hubresponder.testing.SecurityHubStub;
import dev.hubresponder.testkit.LambdaInvoke;
import dev.hubresponder.testkit.MotoServer;
import dev.hubresponder.ticket.RetryableTicketException;
import dev.hubresponder.ticket.TicketLabels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;

/**
 * CreateTicket as a new user meets it: the real handler, the real response policy with its default settings, the
 * events in {@code events/} and {@code src/test/resources/events/}, and
 * <ul>
 *   <li>moto_server for DynamoDB (the ledger table, created from {@link LedgerTable}) and Secrets Manager (the
 *       provider's credentials, created by the test);</li>
 *   <li>a WireMock stand-in for each ticket provider (Jira Cloud, GitHub, ServiceNow) on 127.0.0.1;</li>
 *   <li>a WireMock stand-in for Security Hub's {@code BatchUpdateFindings} (moto lacks it).</li>
 * </ul>
 * Preconditions: {@code moto_server} installed (started by the test on a free 127.0.0.1 port; the test fails naming
 * the install command when it is missing).
 */
class CreateTicketHandlerTest {
    static final String TABLE = "hub-responder-ledger";
    static final String HIGH_ID = "arn:aws:guardduty:us-east-1:123456789012:detector/6cc8d2a6a1e04c7e9b3c0f2d1e4a5b6c"
            + "/finding/3e5a7c9e1b2d4f6a8c0e2b4d6f8a0c19";
    static final String CRITICAL_ID = "arn:aws:guardduty:us-east-1:123456789012:detector/"
            + "6cc8d2a6a1e04c7e9b3c0f2d1e4a5b6c/finding/a4c6f0e2b8d94e1f8c2a6b3d5e7f9012";
    static final String HIGH_TITLE = "[HIGH] EC2 instance i-0718293a4b5c6d7e8 is communicating with Tor Entry node.";
    static final ObjectMapper JSON = new ObjectMapper();

    static MotoServer moto;
    static DynamoDbClient dynamo;
    static SecretsManagerClient secrets;
    static SecurityHubStub securityHub;
    static SecurityHubClient hubClient;

    WireMockServer provider;
    DynamoDbActionLedger ledger;

    /**
     * Each provider as its stub answers: nothing found by label, then 201 on create (GitHub's answer carries the
     * labels it kept, as GitHub does for a token with push access).
     */
    enum Provider {
        JIRA("{\"email\":\"sec-bot@example.com\",\"apiToken\":\"jira-token\"}", "/rest/api/3/issue",
                "{\"id\":\"10001\",\"key\":\"SEC-1\"}", "SEC-1", "/browse/SEC-1", "summary") {
            @Override
            MappingBuilder search() {
                return post(urlPathEqualTo("/rest/api/3/search/jql"));
            }

            @Override
            String notFound() {
                return "{\"issues\":[],\"isLast\":true}";
            }

            @Override
            Map<String, String> env(String baseUrl) {
                return Map.of("RESPONDER_TICKET_PROVIDER", "jira", "RESPONDER_JIRA_URL", baseUrl,
                        "RESPONDER_JIRA_PROJECT", "SEC");
            }
        },
        GITHUB("{\"token\":\"ghp_test\"}", "/repos/acme/security/issues",
                "{\"number\":42,\"html_url\":\"https://github.com/acme/security/issues/42\",\"labels\":[{\"name\":\""
                        + TicketLabels.forFinding(HIGH_ID, 1) + "\"},{\"name\":\"" + TicketLabels.forFinding(CRITICAL_ID, 1)
                        + "\"}]}",
                "acme/security#42", null, "title") {
            @Override
            MappingBuilder search() {
                return get(urlPathEqualTo("/repos/acme/security/issues"));
            }

            @Override
            String notFound() {
                return "[]";
            }

            @Override
            Map<String, String> env(String baseUrl) {
                return Map.of("RESPONDER_TICKET_PROVIDER", "github", "RESPONDER_GITHUB_API_URL", baseUrl,
                        "RESPONDER_GITHUB_REPOSITORY", "acme/security");
            }
        },
        SERVICENOW("{\"username\":\"hub.responder\",\"password\":\"pw\"}", "/api/now/table/incident",
                "{\"result\":{\"sys_id\":\"9d38\",\"number\":\"INC0010001\"}}", "INC0010001",
                "/nav_to.do?uri=incident.do%3Fsys_id%3D9d38", "short_description") {
            @Override
            MappingBuilder search() {
                return get(urlPathEqualTo("/api/now/table/incident"));
            }

            @Override
            String notFound() {
                return "{\"result\":[]}";
            }

            @Override
            Map<String, String> env(String baseUrl) {
                return Map.of("RESPONDER_TICKET_PROVIDER", "servicenow", "RESPONDER_SERVICENOW_URL", baseUrl);
            }
        };

        final String secret;
        final String createPath;
        final String created;
        final String key;
        final String urlPath;
        final String titleField;

        Provider(String secret, String createPath, String created, String key, String urlPath, String titleField) {
            this.secret = secret;
            this.createPath = createPath;
            this.created = created;
            this.key = key;
            this.urlPath = urlPath;
            this.titleField = titleField;
        }

        abstract MappingBuilder search();

        abstract String notFound();

        abstract Map<String, String> env(String baseUrl);

        String url(String baseUrl) {
            return urlPath == null ? "https://github.com/acme/security/issues/42" : baseUrl + urlPath;
        }
    }

    @BeforeAll
    static void startEmulators() {
        moto = MotoServer.start();
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(MotoServer.ACCESS_KEY, MotoServer.SECRET_KEY));
        dynamo = moto.client(DynamoDbClient.builder()).build();
        secrets = moto.client(SecretsManagerClient.builder()).build();
        securityHub = new SecurityHubStub();
        hubClient = securityHub.client();
    }

    @AfterAll
    static void stopEmulators() {
        hubClient.close();
        securityHub.close();
        secrets.close();
        dynamo.close();
        moto.close();
    }

    @BeforeEach
    void emptyAccount() {
        moto.reset();
        LedgerTable.create(dynamo, TABLE);
        ledger = new DynamoDbActionLedger(dynamo, TABLE);
        securityHub.reset();
        provider = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        provider.start();
    }

    @AfterEach
    void stopProvider() {
        provider.stop();
    }

    /** The provider stub's address, on the loopback address it is bound to. */
    private String base() {
        return "http://127.0.0.1:" + provider.port();
    }

    private void stubProvider(Provider p) {
        provider.stubFor(p.search().willReturn(okJson(p.notFound())));
        provider.stubFor(post(urlPathEqualTo(p.createPath)).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody(p.created)));
    }

    /** The handler as Lambda builds it, with this account's clients and the given provider settings. */
    private CreateTicketHandler handler(Map<String, String> settings) {
        Map<String, String> env = new HashMap<>(settings);
        env.put("LEDGER_TABLE", TABLE);
        env.put("LEDGER_LEASE_SECONDS", "60");
        env.put("RESPONDER_TICKET_HTTP_TIMEOUT_SECONDS", "2");
        ResponsePlanner planner = new ResponsePlanner(ResponderConfig.fromEnv(env), JSON);
        return new CreateTicketHandler(TicketWiring.of(env, planner::plan, dynamo, secrets,
                new SecurityHubFindingNotes(hubClient, 1, Duration.ofMillis(10)), ResponderMetrics.NONE,
                Clock.systemUTC(), JSON));
    }

    private CreateTicketHandler handler(Provider p) {
        return handler(p, Map.of());
    }

    private CreateTicketHandler handler(Provider p, Map<String, String> settings) {
        String arn = secrets.createSecret(r -> r.name("hub-responder/" + p.name().toLowerCase())
                .secretString(p.secret)).arn();
        Map<String, String> env = new HashMap<>(p.env(base()));
        env.putAll(settings);
        env.put("RESPONDER_TICKET_SECRET_ARN", arn);
        return handler(env);
    }

    private static JsonNode invoke(CreateTicketHandler handler, Path event) throws IOException {
        return invoke(handler, Files.readAllBytes(event));
    }

    private static JsonNode invoke(CreateTicketHandler handler, byte[] event) throws IOException {
        return LambdaInvoke.invoke(handler, event, "hub-responder-CreateTicket");
    }

    /** The forged CRITICAL finding of {@code events/} (imported under the account's own product), n times with ids forged-1 … */
    private static byte[] forgedFindings(int n) throws IOException {
        ObjectNode event = (ObjectNode) JSON.readTree(event("forged-default-product-critical.json").toFile());
        JsonNode forged = event.at("/detail/findings/0");
        ArrayNode findings = ((ObjectNode) event.path("detail")).putArray("findings");
        for (int i = 1; i <= n; i++) {
            findings.add(((ObjectNode) forged.deepCopy()).put("Id", "forged-" + i));
        }
        return JSON.writeValueAsBytes(event);
    }

    private static Path event(String name) {
        return Path.of("../../events", name);
    }

    private List<LoggedRequest> creates(Provider p) {
        return provider.findAll(postRequestedFor(urlPathEqualTo(p.createPath)));
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void aHighFindingGetsExactlyOneTicketAndItsNoteCarriesTheKey(Provider p) throws IOException {
        stubProvider(p);
        CreateTicketHandler handler = handler(p);

        JsonNode first = invoke(handler, event("guardduty-ec2-tor-client-high.json"));
        JsonNode second = invoke(handler, event("guardduty-ec2-tor-client-high.json"));

        assertThat(first).isEqualTo(JSON.readTree("{\"stage\":\"CreateTicket\",\"findings\":[{\"id\":\"" + HIGH_ID
                + "\",\"acted\":true,\"summary\":\"ticket " + p.key + " created\"}]}"));
        assertThat(second.at("/findings/0/summary").asText()).isEqualTo("ticket " + p.key + " already open");
        assertThat(creates(p)).singleElement().satisfies(request ->
                assertThat(JSON.readTree(request.getBodyAsString()).at(
                        p == Provider.JIRA ? "/fields/summary" : "/" + p.titleField).asText()).isEqualTo(HIGH_TITLE));
        LedgerEntry entry = ledger.find(new ActionKey(HIGH_ID, ResponseAction.TICKET, "-")).orElseThrow();
        assertThat(entry.state()).isEqualTo(LedgerState.DONE);
        assertThat(entry.artifacts()).containsEntry("ticketKey", p.key)
                .containsEntry("ticketUrl", p.url(base()));
        assertThat(securityHub.bodies(SecurityHubStub.V1_PATH)).singleElement().satisfies(update -> {
            assertThat(update.at("/FindingIdentifiers/0/Id").asText()).isEqualTo(HIGH_ID);
            assertThat(update.at("/Note/Text").asText()).contains("ticket " + p.key + " opened: "
                    + p.url(base()));
            assertThat(update.at("/UserDefinedFields/hub-responder.ticket").asText()).isEqualTo(p.key);
            assertThat(update.at("/Workflow/Status").asText()).isEqualTo("NOTIFIED");
        });
    }

    @Test
    void leavesAFindingUnderContainmentToTheHandOverAndThenSaysWhatContainmentDid() throws IOException {
        stubProvider(Provider.GITHUB);
        CreateTicketHandler handler = handler(Provider.GITHUB);
        Instant now = Instant.now();
        ledger.claim(new LedgerEntry(new ActionKey(CRITICAL_ID, ResponseAction.QUARANTINE_INSTANCE,
                "i-0a1b2c3d4e5f60718"), "hr-1", LedgerState.DONE, "quarantined i-0a1b2c3d4e5f60718 (2 ENIs)",
                "arn:aws:securityhub:us-east-1::product/aws/guardduty", "123456789012", "CRITICAL", "{}", List.of(),
                Map.of(), now, now, null, 0));

        JsonNode direct = invoke(handler, event("guardduty-ec2-c2-actor-high.json"));
        assertThat(direct.at("/findings/0/acted").asBoolean()).isFalse();
        assertThat(creates(Provider.GITHUB)).isEmpty();

        JsonNode handedOver = invoke(handler, Path.of("src/test/resources/events/handover-after-quarantine.json"));

        assertThat(handedOver.at("/findings/0/acted").asBoolean()).isTrue();
        String body = JSON.readTree(creates(Provider.GITHUB).get(0).getBodyAsString()).path("body").asText();
        assertThat(body).contains("`Quarantine instance i-0a1b2c3d4e5f60718 — done: quarantined i-0a1b2c3d4e5f60718 "
                + "(2 ENIs)`");
    }

    @Test
    void ticketsAFindingWhoseContainmentFailedAndSaysSo() throws IOException {
        stubProvider(Provider.JIRA);

        JsonNode report = invoke(handler(Provider.JIRA),
                Path.of("src/test/resources/events/handover-after-failed-quarantine.json"));

        assertThat(report.at("/findings/0/summary").asText()).isEqualTo("ticket SEC-1 created");
        JsonNode description = JSON.readTree(creates(Provider.JIRA).get(0).getBodyAsString()).at("/fields/description");
        assertThat(description.toString()).contains("A response stage failed after its retries: RetriesExhausted: "
                + "QUARANTINE_INSTANCE i-0a1b2c3d4e5f60718: ec2:ModifyNetworkInterfaceAttribute AccessDenied");
    }

    @Test
    void opensATicketWhenAnAnalystAsksForOne() throws IOException {
        stubProvider(Provider.SERVICENOW);

        JsonNode report = invoke(handler(Provider.SERVICENOW), event("custom-action-ticket.json"));

        assertThat(report.at("/findings/0/summary").asText()).isEqualTo("ticket INC0010001 created");
        assertThat(creates(Provider.SERVICENOW)).hasSize(1);
    }

    @Test
    void throwsSoThatLambdaRetriesWhileTheProviderIsDownThenOpensOneTicket() throws IOException {
        provider.stubFor(Provider.GITHUB.search().willReturn(okJson("[]")));
        provider.stubFor(post(urlPathEqualTo(Provider.GITHUB.createPath)).willReturn(aResponse().withStatus(503)));
        CreateTicketHandler handler = handler(Provider.GITHUB);

        assertThatThrownBy(() -> invoke(handler, event("guardduty-ec2-tor-client-high.json")))
                .isInstanceOf(RetryableTicketException.class).hasMessageContaining("answered 503");
        assertThat(ledger.find(new ActionKey(HIGH_ID, ResponseAction.TICKET, "-")).orElseThrow().leaseUntil())
                .isNull();

        stubProvider(Provider.GITHUB);
        JsonNode retried = invoke(handler, event("guardduty-ec2-tor-client-high.json"));

        assertThat(retried.at("/findings/0/summary").asText()).isEqualTo("ticket acme/security#42 created");
        assertThat(creates(Provider.GITHUB)).as("the refused attempt, then the one that opened the ticket")
                .hasSize(2);
    }

    @Test
    void reportsAProviderRefusalSoThatTheAlertSaysItAndRecordsItAsFailed() throws IOException {
        provider.stubFor(Provider.GITHUB.search().willReturn(okJson("[]")));
        provider.stubFor(post(urlPathEqualTo(Provider.GITHUB.createPath)).willReturn(aResponse().withStatus(410)
                .withBody("{\"message\":\"Issues are disabled for this repo\"}")));

        JsonNode report = invoke(handler(Provider.GITHUB), event("guardduty-ec2-tor-client-high.json"));

        assertThat(report.at("/findings/0/acted").asBoolean()).isTrue();
        assertThat(report.at("/findings/0/summary").asText()).isEqualTo("ticket failed: GitHub answered 410: "
                + "{\"message\":\"Issues are disabled for this repo\"}");
        assertThat(ledger.find(new ActionKey(HIGH_ID, ResponseAction.TICKET, "-")).orElseThrow().state())
                .isEqualTo(LedgerState.FAILED);
    }

    @Test
    void aSecretWithoutTheProvidersKeyStopsWithAConfigurationErrorNamingIt() {
        stubProvider(Provider.JIRA);
        String arn = secrets.createSecret(r -> r.name("hub-responder/jira-wrong")
                .secretString("{\"email\":\"sec-bot@example.com\",\"token\":\"jira-token\"}")).arn();
        Map<String, String> env = new HashMap<>(Provider.JIRA.env(base()));
        env.put("RESPONDER_TICKET_SECRET_ARN", arn);

        assertThatThrownBy(() -> invoke(handler(env), event("guardduty-ec2-tor-client-high.json")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(arn).hasMessageContaining("\"apiToken\"")
                .message().doesNotContain("jira-token", "sec-bot@example.com");
        assertThat(provider.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void passesFindingsToTheAlertWithoutTicketsWhenTheProviderIsNone() throws IOException {
        provider.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(500)));

        JsonNode report = invoke(handler(Map.of()), event("guardduty-ec2-tor-client-high.json"));

        assertThat(report.at("/findings/0/acted").asBoolean()).isTrue();
        assertThat(report.at("/findings/0/summary").asText()).isEqualTo("no ticket: provider none");
        assertThat(ledger.find(new ActionKey(HIGH_ID, ResponseAction.TICKET, "-"))).isEmpty();
    }

    @Test
    void opensNoMoreTicketsForUntrustedProducersThanTheHourlyCapAndRecordsTheRestAsHeldBack() throws IOException {
        stubProvider(Provider.GITHUB);
        CreateTicketHandler handler = handler(Provider.GITHUB, Map.of("RESPONDER_MAX_UNTRUSTED_TICKETS_PER_HOUR", "2"));

        JsonNode report = invoke(handler, forgedFindings(4));
        invoke(handler, event("guardduty-ec2-tor-client-high.json"));

        assertThat(creates(Provider.GITHUB)).hasSize(3).anySatisfy(request -> assertThat(
                JSON.readTree(request.getBodyAsString()).path("title").asText()).isEqualTo(HIGH_TITLE));
        assertThat(report.findValuesAsText("summary")).filteredOn(s -> s.startsWith("ticket held back: "
                + "untrusted-producer cap reached: tickets for findings of untrusted producers are limited to 2 in hour"))
                .hasSize(2);
        for (String heldBack : List.of("forged-3", "forged-4")) {
            LedgerEntry entry = ledger.find(new ActionKey(heldBack, ResponseAction.TICKET, "-")).orElseThrow();
            assertThat(entry.state()).isEqualTo(LedgerState.REFUSED);
            assertThat(entry.reason()).contains("RESPONDER_MAX_UNTRUSTED_TICKETS_PER_HOUR", "held back so far",
                    "imported under the account's own product ARN");
        }
        assertThat(securityHub.bodies(SecurityHubStub.V1_PATH)).filteredOn(u -> u.at("/Note/Text").asText().contains("held back")
                || u.at("/Note/Text").asText().contains("cap reached")).isNotEmpty()
                .allSatisfy(u -> assertThat(u.at("/Workflow/Status").isMissingNode()).isTrue());
    }

    @Test
    void ticketsForTrustedProducersAreNeverHeldBack() throws IOException {
        stubProvider(Provider.GITHUB);
        CreateTicketHandler handler = handler(Provider.GITHUB, Map.of("RESPONDER_MAX_UNTRUSTED_TICKETS_PER_HOUR", "0"));

        JsonNode forged = invoke(handler, forgedFindings(1));
        JsonNode genuine = invoke(handler, event("guardduty-ec2-tor-client-high.json"));

        assertThat(forged.at("/findings/0/summary").asText()).startsWith("ticket held back: ");
        assertThat(genuine.at("/findings/0/summary").asText()).isEqualTo("ticket acme/security#42 created");
        assertThat(creates(Provider.GITHUB)).hasSize(1);
    }

    @Test
    void answersAMalformedEventWithAnEmptyReportAndOpensNothing() throws IOException {
        stubProvider(Provider.GITHUB);

        JsonNode report = invoke(handler(Provider.GITHUB), event("malformed-wrong-source.json"));

        assertThat(report).isEqualTo(JSON.readTree("{\"stage\":\"CreateTicket\",\"findings\":[]}"));
        assertThat(provider.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }
}
