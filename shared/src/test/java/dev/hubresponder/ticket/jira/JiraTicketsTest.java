package dev.hubresponder.ticket.jira;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.hubresponder.ticket.ProviderStub.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.hubresponder.config.ConfigurationException;
import dev.hubresponder.finding.Severity;
import dev.hubresponder.ticket.ProviderStub;
import dev.hubresponder.ticket.RetryableTicketException;
import dev.hubresponder.ticket.TestFindings;
import dev.hubresponder.ticket.TicketContent;
import dev.hubresponder.ticket.TicketCreation;
import dev.hubresponder.ticket.TicketLookup;
import dev.hubresponder.ticket.TicketReference;
import dev.hubresponder.ticket.TicketStatus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Jira Cloud adapter against a WireMock stand-in for {@code https://<site>.atlassian.net} on 127.0.0.1.
 * Preconditions: none beyond the JDK (WireMock runs in-process).
 */
class JiraTicketsTest {
    private static final String SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:jira-AbCdEf";
    private static final String BASIC = "Basic " + Base64.getEncoder()
            .encodeToString("sec-bot@example.com:jira-token-1".getBytes(StandardCharsets.UTF_8));

    private ProviderStub stub;
    private JiraTickets jira;

    @BeforeEach
    void start() {
        stub = new ProviderStub();
        jira = jira(Map.of("email", "sec-bot@example.com", "apiToken", "jira-token-1"));
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    private JiraTickets jira(Map<String, String> secret) {
        return new JiraTickets(new JiraTickets.Settings(stub.baseUrl(), "SEC", "Task", true), stub.http("jira"),
                ProviderStub.secret(SECRET, secret));
    }

    @Test
    void createsAnIssueWithAnAdfDescriptionLabelsAndPriority() throws Exception {
        stub.server.stubFor(post(urlEqualTo("/rest/api/3/issue")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"10001\",\"key\":\"SEC-1\",\"self\":\"" + stub.baseUrl()
                        + "/rest/api/3/issue/10001\"}")));

        TicketCreation creation = jira.create(ProviderStub.smallContent());

        assertThat(creation).isEqualTo(new TicketCreation.Created(
                new TicketReference("jira", "SEC-1", stub.baseUrl() + "/browse/SEC-1", "10001"), List.of()));
        LoggedRequest request = stub.requests().get(0);
        assertThat(request.getMethod().getName()).isEqualTo("POST");
        assertThat(request.getUrl()).isEqualTo("/rest/api/3/issue");
        assertThat(request.getHeader("Authorization")).isEqualTo(BASIC);
        assertThat(request.getHeader("Content-Type")).isEqualTo("application/json");
        assertThat(request.getHeader("Accept")).isEqualTo("application/json");
        assertThat(json(request)).isEqualTo(ProviderStub.MAPPER.readTree(
                ProviderStub.resource("jira-create-issue-request.json")));
    }

    @Test
    void sendsNoInvisibleCharactersFromTheFinding() {
        stub.server.stubFor(post(urlEqualTo("/rest/api/3/issue")).willReturn(aResponse().withStatus(201)
                .withBody("{\"id\":\"10001\",\"key\":\"SEC-1\",\"self\":\"x\"}")));

        jira.create(ProviderStub.contentFor(TestFindings.withInvisibleCharacters(Severity.HIGH)));

        JsonNode request = json(stub.requests().get(0));
        assertThat(TestFindings.invisibleIn(request)).isEmpty();
        assertThat(request.path("fields").path("summary").asText()).isEqualTo("[HIGH] SSH brute force");
    }

    @Test
    void keepsAHostileTitleAsPlainTextInAOneLineSummaryAndInTextNodes() {
        stub.server.stubFor(post(urlEqualTo("/rest/api/3/issue"))
                .willReturn(aResponse().withStatus(201).withBody("{\"id\":\"10002\",\"key\":\"SEC-2\"}")));
        String title = TestFindings.HOSTILE_TITLE + "A".repeat(10_240);
        TicketContent content = ProviderStub.contentFor(TestFindings.finding("f-hostile", Severity.CRITICAL, title,
                TestFindings.HOSTILE_TITLE));

        jira.create(content);

        JsonNode fields = json(stub.requests().get(0)).path("fields");
        String summary = fields.path("summary").asText();
        assertThat(summary).hasSizeLessThanOrEqualTo(JiraTickets.SUMMARY_LIMIT)
                .startsWith("[CRITICAL] <img src=x onerror=alert(1)> @octocat #1 [click](https://evil.example)")
                .contains("``` fence ## injected heading | a | b |")
                .endsWith("…")
                .doesNotContain("\n", "\r", "\u0000", "\u0007", "\u001b", "\u202E");
        assertThat(fields.path("priority").path("name").asText()).isEqualTo("Highest");
        List<JsonNode> textNodes = new ArrayList<>();
        collectText(fields.path("description"), textNodes);
        assertThat(textNodes).allSatisfy(node -> {
            assertThat(node.path("text").asText()).isNotEmpty().doesNotContain("\u0000", "\u001b", "\u202E");
            node.path("marks").forEach(mark -> assertThat(mark.path("type").asText()).isIn("strong", "code", "link"));
        });
        JsonNode codeBlock = findType(fields.path("description"), "codeBlock");
        assertThat(codeBlock.path("content").get(0).path("text").asText())
                .contains("<img src=x onerror=alert(1)>", "\n## injected heading\n| a | b |", "[code]<b>x</b>[/code]");
        assertThat(codeBlock.has("marks")).isFalse();
    }

    @Test
    void reportsARefusalWithJirasMessages() {
        stub.server.stubFor(post(urlEqualTo("/rest/api/3/issue")).willReturn(aResponse().withStatus(400)
                .withBody("{\"errorMessages\":[],\"errors\":{\"priority\":\"Field 'priority' cannot be set.\"}}")));

        TicketCreation creation = jira.create(ProviderStub.smallContent());

        assertThat(creation).isInstanceOfSatisfying(TicketCreation.Rejected.class, rejected ->
                assertThat(rejected.reason()).startsWith("Jira answered 400:")
                        .contains("Field 'priority' cannot be set."));
    }

    @Test
    void throwsRetryableWhenJiraRateLimits() {
        stub.server.stubFor(post(urlEqualTo("/rest/api/3/issue"))
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "30")));

        assertThatThrownBy(() -> jira.create(ProviderStub.smallContent()))
                .isInstanceOf(RetryableTicketException.class)
                .hasMessageContaining("jira POST /rest/api/3/issue answered 429, Retry-After 30");
    }

    @Test
    void throwsRetryableWhenJiraFails() {
        stub.server.stubFor(post(urlEqualTo("/rest/api/3/issue")).willReturn(aResponse().withStatus(503)));

        assertThatThrownBy(() -> jira.create(ProviderStub.smallContent()))
                .isInstanceOf(RetryableTicketException.class).hasMessageContaining("answered 503");
    }

    @Test
    void throwsRetryableWhenJiraTimesOut() {
        stub.server.stubFor(post(urlEqualTo("/rest/api/3/issue"))
                .willReturn(aResponse().withStatus(201).withBody("{\"key\":\"SEC-9\"}").withFixedDelay(3_000)));

        assertThatThrownBy(() -> jira.create(ProviderStub.smallContent()))
                .isInstanceOf(RetryableTicketException.class).hasMessageContaining("timed out");
    }

    @Test
    void findsTheIssueByItsLabelWithJql() {
        stub.server.stubFor(post(urlEqualTo("/rest/api/3/search/jql")).willReturn(okJson(
                "{\"issues\":[{\"id\":\"10001\",\"key\":\"SEC-1\",\"fields\":{}}],\"isLast\":true}")));

        TicketLookup lookup = jira.findByLabel("hub-responder-0123456789abcdef");

        assertThat(lookup).isEqualTo(new TicketLookup.Found(
                new TicketReference("jira", "SEC-1", stub.baseUrl() + "/browse/SEC-1", "10001")));
        LoggedRequest request = stub.requests().get(0);
        assertThat(request.getHeader("Authorization")).isEqualTo(BASIC);
        JsonNode search = json(request);
        assertThat(search.path("jql").asText()).isEqualTo(
                "project = \"SEC\" AND labels = \"hub-responder-0123456789abcdef\" ORDER BY created ASC");
        assertThat(search.path("maxResults").asInt()).isEqualTo(1);
    }

    @Test
    void findsNothingWhenNoIssueCarriesTheLabel() {
        stub.server.stubFor(post(urlEqualTo("/rest/api/3/search/jql"))
                .willReturn(okJson("{\"issues\":[],\"isLast\":true}")));

        assertThat(jira.findByLabel("hub-responder-0123456789abcdef")).isEqualTo(new TicketLookup.NotFound());
    }

    @Test
    void readsTheDoneStatusCategoryAsClosed() {
        stub.server.stubFor(get(urlEqualTo("/rest/api/3/issue/SEC-1?fields=status")).willReturn(okJson(
                "{\"key\":\"SEC-1\",\"fields\":{\"status\":{\"name\":\"Won't do\",\"statusCategory\":{\"key\":\"done\"}}}}")));
        stub.server.stubFor(get(urlEqualTo("/rest/api/3/issue/SEC-2?fields=status")).willReturn(okJson(
                "{\"key\":\"SEC-2\",\"fields\":{\"status\":{\"statusCategory\":{\"key\":\"indeterminate\"}}}}")));

        assertThat(jira.status(new TicketReference("jira", "SEC-1", "u", "10001"))).isEqualTo(TicketStatus.CLOSED);
        assertThat(jira.status(new TicketReference("jira", "SEC-2", "u", "10002"))).isEqualTo(TicketStatus.OPEN);
        assertThat(jira.status(new TicketReference("jira", "SEC-3", "u", "10003"))).isEqualTo(TicketStatus.UNKNOWN);
    }

    @Test
    void aSecretWithoutApiTokenIsAConfigurationErrorThatNamesTheKeyNotTheValues() {
        JiraTickets misconfigured = jira(Map.of("email", "sec-bot@example.com", "apitoken", "jira-token-1"));

        assertThatThrownBy(() -> misconfigured.create(ProviderStub.smallContent()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(SECRET).hasMessageContaining("\"apiToken\"")
                .message().doesNotContain("sec-bot@example.com", "jira-token-1");
        assertThat(stub.requests()).isEmpty();
    }

    private static void collectText(JsonNode node, List<JsonNode> into) {
        if ("text".equals(node.path("type").asText())) {
            into.add(node);
        }
        node.path("content").forEach(child -> collectText(child, into));
    }

    private static JsonNode findType(JsonNode node, String type) {
        if (type.equals(node.path("type").asText())) {
            return node;
        }
        for (JsonNode child : node.path("content")) {
            JsonNode found = findType(child, type);
            if (found != null) {
                return found;
            }
        }
        return null;
    }
}
