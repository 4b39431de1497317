package dev.hubresponder.ticket;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.hubresponder.action.ActionRunner;
import dev.hubresponder.config.ResponderConfig;
import dev.hubresponder.ledger.ActionKey;
import dev.hubresponder.ledger.LedgerEntry;
import dev.hubresponder.ledger.LedgerState;
import dev.hubresponder.metrics.ResponderMetrics;
import dev.hubresponder.policy.Decision;
import dev.hubresponder.policy.ResponseAction;
import dev.hubresponder.testing.MotoLedger;
import dev.hubresponder.testing.MutableClock;
import dev.hubresponder.ticket.github.GitHubIssues;
import dev.hubresponder.ticket.jira.JiraTickets;
import dev.hubresponder.ticket.servicenow.ServiceNowIncidents;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A delivery dies after the provider created the ticket and before the ledger recorded it; the next delivery
 * finds the ticket at the provider by the finding's label, records it, and creates none. Against a WireMock
 * stand-in for each provider (127.0.0.1) whose search answers nothing until the ticket was created, and the
 * DynamoDB ledger in moto_server. Preconditions: {@code moto_server} installed (the test fails if it is missing).
 */
class TicketDedupAcrossCrashTest {
    private static final String LABEL = TicketLabels.forFinding(TestFindings.GUARDDUTY_ID, 1);
    private static final ActionKey KEY = new ActionKey(TestFindings.GUARDDUTY_ID, ResponseAction.TICKET, "-");

    @RegisterExtension
    static final MotoLedger MOTO = new MotoLedger();
    private ProviderStub stub;

    @BeforeEach
    void start() {
        stub = new ProviderStub();
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    /**
     * @param name        the provider
     * @param adapter     its adapter, pointed at the stub
     * @param search      the lookup request, before and after creation
     * @param createPath  the create request's path
     * @param notFound    the lookup's answer before creation
     * @param created     the create's 201 body
     * @param found       the lookup's answer after creation
     * @param expectedKey the ticket's key
     */
    record Provider(String name, Function<ProviderStub, TicketSystem> adapter, Supplier<MappingBuilder> search,
                    String createPath, String notFound, String created, String found, String expectedKey) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Provider> providers() {
        return Stream.of(
                new Provider("jira", stub -> new JiraTickets(new JiraTickets.Settings(stub.baseUrl(), "SEC", "Task",
                        true), stub.http("jira"), ProviderStub.secret("s", Map.of("email", "e", "apiToken", "t"))),
                        () -> post(urlPathEqualTo("/rest/api/3/search/jql")),
                        "/rest/api/3/issue",
                        "{\"issues\":[]}",
                        "{\"id\":\"10001\",\"key\":\"SEC-1\"}",
                        "{\"issues\":[{\"id\":\"10001\",\"key\":\"SEC-1\"}]}",
                        "SEC-1"),
                new Provider("github", stub -> new GitHubIssues(new GitHubIssues.Settings(stub.baseUrl(), "acme",
                        "security"), stub.http("github"), ProviderStub.secret("s", Map.of("token", "t"))),
                        () -> get(urlPathEqualTo("/repos/acme/security/issues")),
                        "/repos/acme/security/issues",
                        "[]",
                        "{\"number\":42,\"html_url\":\"https://github.com/acme/security/issues/42\",\"labels\":[{\"name\":\""
                                + LABEL + "\"}]}",
                        "[{\"number\":42,\"html_url\":\"https://github.com/acme/security/issues/42\"}]",
                        "acme/security#42"),
                new Provider("servicenow", stub -> new ServiceNowIncidents(stub.baseUrl(), stub.http("servicenow"),
                        ProviderStub.secret("s", Map.of("username", "u", "password", "p"))),
                        () -> get(urlPathEqualTo("/api/now/table/incident")),
                        "/api/now/table/incident",
                        "{\"result\":[]}",
                        "{\"result\":{\"sys_id\":\"abc\",\"number\":\"INC0010001\"}}",
                        "{\"result\":[{\"sys_id\":\"abc\",\"number\":\"INC0010001\"}]}",
                        "INC0010001"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void theNextDeliveryFindsTheTicketByLabelAndCreatesNone(Provider provider) {
        stub.server.stubFor(provider.search().get().inScenario("tickets").whenScenarioStateIs(STARTED)
                .willReturn(okJson(provider.notFound())));
        stub.server.stubFor(post(urlPathEqualTo(provider.createPath())).inScenario("tickets")
                .whenScenarioStateIs(STARTED).willSetStateTo("created")
                .willReturn(aResponse().withStatus(201).withBody(provider.created())));
        stub.server.stubFor(provider.search().get().inScenario("tickets").whenScenarioStateIs("created")
                .willReturn(okJson(provider.found())));
        MutableClock clock = new MutableClock(Instant.parse("2026-11-26T10:00:00Z"));
        CrashingLedger ledger = new CrashingLedger(MOTO.fresh(clock));
        Duration lease = Duration.ofSeconds(45);
        TicketService service = new TicketService(provider.adapter().apply(stub), ledger, new ActionRunner(ledger,
                ResponderConfig.defaults(), ResponderMetrics.NONE, lease, clock), new TicketComposer(new dev.hubresponder.policy.TrustPolicy(dev.hubresponder.config.ResponderConfig.defaults())), false, clock);
        Decision decision = TestFindings.decision(TestFindings.sshBruteForce(), ResponseAction.TICKET);

        ledger.crashWhen(entry -> entry.artifacts().containsKey("provider"));
        assertThatThrownBy(() -> service.ticket(decision, List.of())).hasMessageContaining("simulated crash");
        ledger.recover();
        assertThat(ledger.find(KEY).orElseThrow().state()).isEqualTo(LedgerState.PLANNED);
        clock.advance(lease.plusSeconds(15));
        TicketOutcome retried = service.ticket(decision, List.of());

        assertThat(retried.status()).isEqualTo(TicketOutcome.Status.RECOVERED);
        assertThat(stub.server.findAll(postRequestedFor(urlPathEqualTo(provider.createPath())))).hasSize(1);
        List<LoggedRequest> requests = stub.requests();
        assertThat(requests).hasSize(3);
        assertThat(requests.get(2).getUrl() + requests.get(2).getBodyAsString()).contains(LABEL);
        LedgerEntry entry = ledger.find(KEY).orElseThrow();
        assertThat(entry.state()).isEqualTo(LedgerState.DONE);
        assertThat(entry.artifacts()).containsEntry("ticketKey", provider.expectedKey());
    }
}
