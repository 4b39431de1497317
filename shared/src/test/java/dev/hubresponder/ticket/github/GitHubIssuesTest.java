package dev.hubresponder.ticket.github;

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
import dev.hubresponder.finding.Severity;
import dev.hubresponder.ticket.ProviderStub;
import dev.hubresponder.ticket.RetryableTicketException;
import dev.hubresponder.ticket.TestFindings;
import dev.hubresponder.ticket.TicketContent;
import dev.hubresponder.ticket.TicketCreation;
import dev.hubresponder.ticket.TicketLookup;
import dev.hubresponder.ticket.TicketReference;
import dev.hubresponder.ticket.TicketStatus;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The GitHub Issues adapter against a WireMock stand-in for {@code https://api.github.com} on 127.0.0.1.
 * Preconditions: none beyond the JDK (WireMock runs in-process).
 */
class GitHubIssuesTest {
    private static final String SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:github-AbCdEf";
    private static final String CREATED = "{\"number\":42,\"html_url\":\"https://github.com/acme/security/issues/42\","
            + "\"labels\":[{\"name\":\"hub-responder\"},{\"name\":\"hub-responder-0123456789abcdef\"},"
            + "{\"name\":\"severity:high\"}]}";

    private ProviderStub stub;
    private GitHubIssues github;

    @BeforeEach
    void start() {
        stub = new ProviderStub();
        github = new GitHubIssues(new GitHubIssues.Settings(stub.baseUrl(), "acme", "security"), stub.http("github"),
                ProviderStub.secret(SECRET, Map.of("token", "ghp_test_token")));
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    @Test
    void createsAnIssueWithMarkdownBodyAndLabels() {
        stub.server.stubFor(post(urlEqualTo("/repos/acme/security/issues"))
                .willReturn(aResponse().withStatus(201).withBody(CREATED)));

        TicketCreation creation = github.create(ProviderStub.smallContent());

        assertThat(creation).isEqualTo(new TicketCreation.Created(new TicketReference("github", "acme/security#42",
                "https://github.com/acme/security/issues/42", "42"), List.of()));
        LoggedRequest request = stub.requests().get(0);
        assertThat(request.getUrl()).isEqualTo("/repos/acme/security/issues");
        assertThat(request.getHeader("Authorization")).isEqualTo("Bearer ghp_test_token");
        assertThat(request.getHeader("Accept")).isEqualTo("application/vnd.github+json");
        assertThat(request.getHeader("X-GitHub-Api-Version")).isEqualTo("2022-11-28");
        assertThat(request.getHeader("User-Agent")).isEqualTo("hub-responder");
        JsonNode body = json(request);
        assertThat(body.fieldNames()).toIterable().containsExactlyInAnyOrder("title", "body", "labels");
        assertThat(body.path("title").asText()).isEqualTo("[HIGH] SSH brute force against i-1");
        assertThat(body.path("labels")).extracting(JsonNode::asText)
                .containsExactly("hub-responder", "hub-responder-0123456789abcdef", "severity:high");
        assertThat(body.path("body").asText()).isEqualTo(ProviderStub.resource("github-create-issue-body.md"));
    }

    @Test
    void saysPlainlyWhenTheFindingsProducerIsNotTrusted() {
        stub.server.stubFor(post(urlEqualTo("/repos/acme/security/issues"))
                .willReturn(aResponse().withStatus(201).withBody(CREATED)));
        dev.hubresponder.finding.Finding genuine = TestFindings.finding("f-1", Severity.HIGH, "t", "d");
        dev.hubresponder.finding.Finding forged = new dev.hubresponder.finding.Finding(genuine.schema(), "f-2",
                "arn:aws:securityhub:us-east-1:193043430472:product/193043430472/default", "GuardDuty", "Amazon",
                genuine.accountId(), genuine.region(), genuine.types(), genuine.severity(), genuine.normalizedScore(),
                genuine.recordState(), genuine.workflowStatus(), "t", "d", genuine.createdAt(), genuine.updatedAt(),
                genuine.firstObservedAt(), genuine.resources(), genuine.remoteAddresses(), genuine.resourceRole(),
                genuine.userDefinedFields(), null);

        github.create(ProviderStub.contentFor(genuine));
        github.create(ProviderStub.contentFor(forged));

        assertThat(json(stub.requests().get(0)).path("body").asText()).contains("aws/guardduty (GuardDuty, Amazon)");
        assertThat(json(stub.requests().get(1)).path("body").asText())
                .contains("193043430472/default — NOT A TRUSTED PRODUCER, whatever it calls itself (GuardDuty,"
                        + " Amazon)")
                .doesNotContain("GuardDuty (Amazon)");
    }

    @Test
    void sendsNoInvisibleCharactersFromTheFinding() {
        stub.server.stubFor(post(urlEqualTo("/repos/acme/security/issues"))
                .willReturn(aResponse().withStatus(201).withBody(CREATED)));

        github.create(ProviderStub.contentFor(TestFindings.withInvisibleCharacters(Severity.HIGH)));

        JsonNode request = json(stub.requests().get(0));
        assertThat(TestFindings.invisibleIn(request)).isEmpty();
        assertThat(request.path("title").asText()).isEqualTo("[HIGH] SSH brute force");
        assertThat(request.path("body").asText()).contains("nginx:alpine").doesNotContain("ignore");
    }

    @Test
    void keepsHostileTextInsideCodeSpansAndFences() {
        stub.server.stubFor(post(urlEqualTo("/repos/acme/security/issues"))
                .willReturn(aResponse().withStatus(201).withBody(CREATED)));
        String title = TestFindings.HOSTILE_TITLE + "B".repeat(10_240);
        String description = TestFindings.HOSTILE_TITLE + "\n````\n@everyone ```` still inside\n";
        TicketContent content = ProviderStub.contentFor(TestFindings.finding("f-hostile `x`", Severity.HIGH, title,
                description));

        github.create(content);

        JsonNode request = json(stub.requests().get(0));
        assertThat(request.path("title").asText()).hasSizeLessThanOrEqualTo(GitHubIssues.TITLE_LIMIT)
                .startsWith("[HIGH] <img src=x").endsWith("…").doesNotContain("\n", "\u0000", "\u202E");
        String body = request.path("body").asText();
        assertThat(body).doesNotContain("\u0000", "\u0007", "\u001b", "\u202E");
        String outsideCode = withoutCode(body);
        assertThat(outsideCode).doesNotContain("<img", "@octocat", "@everyone", "evil.example", "#1 ",
                "injected heading", "[code]");
        Matcher fence = Pattern.compile("(?m)^(`{3,})text\\n").matcher(body);
        assertThat(fence.find()).isTrue();
        assertThat(fence.group(1)).hasSizeGreaterThan(4);
        assertThat(body).contains(fence.group(1) + "text\n" + TestFindings.HOSTILE_TITLE.substring(0, 60));
    }

    @Test
    void shortensABodyThatWouldExceedGitHubsLimit() {
        stub.server.stubFor(post(urlEqualTo("/repos/acme/security/issues"))
                .willReturn(aResponse().withStatus(201).withBody(CREATED)));
        String longValue = "x".repeat(290);
        List<TicketContent.Fact> facts = List.of(
                new TicketContent.Fact("Resources", java.util.Collections.nCopies(200, longValue)),
                new TicketContent.Fact("Types", java.util.Collections.nCopies(200, longValue)));
        TicketContent huge = new TicketContent("f", Severity.HIGH, "t", "d".repeat(4_000), facts,
                java.util.Collections.nCopies(50, longValue), List.of(), "https://console", "hub-responder-x",
                List.of());

        github.create(huge);

        String body = json(stub.requests().get(0)).path("body").asText();
        assertThat(body).hasSizeLessThanOrEqualTo(GitHubIssues.BODY_LIMIT).contains("… and 195 more");
    }

    @Test
    void warnsWhenGitHubDroppedTheLabels() {
        stub.server.stubFor(post(urlEqualTo("/repos/acme/security/issues")).willReturn(aResponse().withStatus(201)
                .withBody("{\"number\":43,\"html_url\":\"https://github.com/acme/security/issues/43\",\"labels\":[]}")));

        TicketCreation creation = github.create(ProviderStub.smallContent());

        assertThat(creation).isInstanceOfSatisfying(TicketCreation.Created.class, created ->
                assertThat(created.warnings()).singleElement().asString()
                        .contains("dropped the labels of acme/security#43", "push access"));
    }

    @Test
    void reportsARefusalWhenIssuesAreDisabled() {
        stub.server.stubFor(post(urlEqualTo("/repos/acme/security/issues")).willReturn(aResponse().withStatus(410)
                .withBody("{\"message\":\"Issues are disabled for this repo\"}")));

        assertThat(github.create(ProviderStub.smallContent())).isInstanceOfSatisfying(TicketCreation.Rejected.class,
                rejected -> assertThat(rejected.reason()).isEqualTo(
                        "GitHub answered 410: {\"message\":\"Issues are disabled for this repo\"}"));
    }

    @Test
    void treatsA403RateLimitAsRetryable() {
        stub.server.stubFor(post(urlEqualTo("/repos/acme/security/issues")).willReturn(aResponse().withStatus(403)
                .withHeader("X-RateLimit-Remaining", "0").withBody("{\"message\":\"API rate limit exceeded\"}")));

        assertThatThrownBy(() -> github.create(ProviderStub.smallContent()))
                .isInstanceOf(RetryableTicketException.class).hasMessageContaining("answered 403");
    }

    @Test
    void treatsA403WithoutRateLimitAsARefusal() {
        stub.server.stubFor(post(urlEqualTo("/repos/acme/security/issues")).willReturn(aResponse().withStatus(403)
                .withBody("{\"message\":\"Resource not accessible by personal access token\"}")));

        assertThat(github.create(ProviderStub.smallContent())).isInstanceOf(TicketCreation.Rejected.class);
    }

    @Test
    void throwsRetryableOn429And5xxAndTimeouts() {
        stub.server.stubFor(post(urlEqualTo("/repos/acme/security/issues"))
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "60")));
        assertThatThrownBy(() -> github.create(ProviderStub.smallContent()))
                .isInstanceOf(RetryableTicketException.class).hasMessageContaining("429, Retry-After 60");

        stub.server.resetAll();
        stub.server.stubFor(post(urlEqualTo("/repos/acme/security/issues")).willReturn(aResponse().withStatus(502)));
        assertThatThrownBy(() -> github.create(ProviderStub.smallContent()))
                .isInstanceOf(RetryableTicketException.class).hasMessageContaining("answered 502");

        stub.server.resetAll();
        stub.server.stubFor(post(urlEqualTo("/repos/acme/security/issues"))
                .willReturn(aResponse().withStatus(201).withBody(CREATED).withFixedDelay(3_000)));
        assertThatThrownBy(() -> github.create(ProviderStub.smallContent()))
                .isInstanceOf(RetryableTicketException.class).hasMessageContaining("timed out");
    }

    @Test
    void findsTheOldestIssueWithTheLabelIgnoringPullRequests() {
        stub.server.stubFor(get(urlEqualTo("/repos/acme/security/issues?labels=hub-responder-0123456789abcdef"
                + "&state=all&sort=created&direction=asc&per_page=10")).willReturn(okJson("["
                + "{\"number\":7,\"html_url\":\"https://github.com/acme/security/pull/7\",\"pull_request\":{}},"
                + "{\"number\":42,\"html_url\":\"https://github.com/acme/security/issues/42\",\"state\":\"closed\"}]")));

        TicketLookup lookup = github.findByLabel("hub-responder-0123456789abcdef");

        assertThat(lookup).isEqualTo(new TicketLookup.Found(new TicketReference("github", "acme/security#42",
                "https://github.com/acme/security/issues/42", "42")));
        assertThat(stub.requests().get(0).getHeader("Authorization")).isEqualTo("Bearer ghp_test_token");
    }

    @Test
    void findsNothingWhenNoIssueCarriesTheLabel() {
        stub.server.stubFor(get(urlEqualTo("/repos/acme/security/issues?labels=hub-responder-0123456789abcdef"
                + "&state=all&sort=created&direction=asc&per_page=10")).willReturn(okJson("[]")));

        assertThat(github.findByLabel("hub-responder-0123456789abcdef")).isEqualTo(new TicketLookup.NotFound());
    }

    @Test
    void readsIssueStateAsTicketStatus() {
        stub.server.stubFor(get(urlEqualTo("/repos/acme/security/issues/42"))
                .willReturn(okJson("{\"number\":42,\"state\":\"closed\"}")));
        stub.server.stubFor(get(urlEqualTo("/repos/acme/security/issues/43"))
                .willReturn(okJson("{\"number\":43,\"state\":\"open\"}")));

        assertThat(github.status(new TicketReference("github", "acme/security#42", "u", "42")))
                .isEqualTo(TicketStatus.CLOSED);
        assertThat(github.status(new TicketReference("github", "acme/security#43", "u", "43")))
                .isEqualTo(TicketStatus.OPEN);
    }

    @Test
    void codeSpansHoldAnyBacktickRunVerbatim() {
        assertThat(GitHubMarkdown.codeSpan("a")).isEqualTo("`a`");
        assertThat(GitHubMarkdown.codeSpan("a `b` c")).isEqualTo("``a `b` c``");
        assertThat(GitHubMarkdown.codeSpan("``x")).isEqualTo("``` ``x ```");
        assertThat(GitHubMarkdown.codeSpan("")).isEqualTo("(none)");
    }

    /** The markdown with every code span and fenced block removed: what GitHub would interpret. */
    private static String withoutCode(String markdown) {
        String noFences = markdown.replaceAll("(?ms)^(`{3,})text\\n.*?\\n\\1$", "");
        return noFences.replaceAll("(`+)(?:(?!\\1).)+?\\1", "");
    }
}
