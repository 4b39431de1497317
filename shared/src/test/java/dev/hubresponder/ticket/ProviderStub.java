package dev.hubresponder.ticket;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.hubresponder.finding.Finding;
import dev.hubresponder.ticket.http.ProviderHttp;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A WireMock server on 127.0.0.1 standing in for a ticket provider, and what adapters need to talk to it. */
public final class ProviderStub implements AutoCloseable {
    /** Requests to the stub time out after this; stubs that should time out delay longer. */
    public static final Duration TIMEOUT = Duration.ofMillis(1_500);
    public static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient CLIENT = ProviderHttp.newClient(Duration.ofSeconds(2));

    public final WireMockServer server;

    public ProviderStub() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    public ProviderHttp http(String provider) {
        return new ProviderHttp(provider, CLIENT, TIMEOUT, MAPPER);
    }

    public static TicketSecretSource secret(String secretId, Map<String, String> values) {
        return () -> new TicketSecret(secretId, values);
    }

    /** The requests the stub received, oldest first. */
    public List<LoggedRequest> requests() {
        List<LoggedRequest> requests = new java.util.ArrayList<>(
                server.getAllServeEvents().stream().map(e -> e.getRequest()).toList());
        java.util.Collections.reverse(requests);
        return requests;
    }

    public static JsonNode json(LoggedRequest request) {
        try {
            return MAPPER.readTree(request.getBodyAsString());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the composer writes for a finding: the content a real delivery sends. */
    public static TicketContent contentFor(Finding finding) {
        return new TicketComposer(new dev.hubresponder.policy.TrustPolicy(dev.hubresponder.config.ResponderConfig.defaults())).compose(TestFindings.decision(finding), List.of(), List.of(),
                TicketLabels.forFinding(finding.id(), 1), List.of());
    }

    /** A small, fixed content whose rendering each provider's test pins down exactly. */
    public static TicketContent smallContent() {
        return new TicketContent("finding-1", dev.hubresponder.finding.Severity.HIGH, "SSH brute force against i-1",
                "line one\nline two",
                List.of(TicketContent.Fact.of("Account", "123456789012"),
                        new TicketContent.Fact("Remote addresses", List.of()),
                        new TicketContent.Fact("Resources", List.of("AwsEc2Instance i-1", "AwsEc2Instance i-2"))),
                List.of("Quarantine instance i-1 — done"),
                List.of("Block address 10.0.0.1/32 — refused: private address"),
                "https://us-east-1.console.aws.amazon.com/securityhub/home?region=us-east-1#/findings?search=Id"
                        + "%3D%255Coperator%255C%253AEQUALS%255C%253Afinding-1",
                "hub-responder-0123456789abcdef", List.of());
    }

    /** A test resource as text. */
    public static String resource(String name) {
        try (var in = ProviderStub.class.getResourceAsStream("/tickets/" + name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
