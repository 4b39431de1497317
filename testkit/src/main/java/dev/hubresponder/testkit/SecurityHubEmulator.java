package dev.hubresponder.testkit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The Security Hub calls the functions make, answered in Security Hub's format on a WireMock server bound to
 * 127.0.0.1, because moto lacks {@code BatchUpdateFindings} and ignores {@code GetFindings} filters (aws-facts §9):
 * <ul>
 *   <li>{@code PATCH /findings/batchupdate}: every finding processed; the notes are kept ({@link #notes()});</li>
 *   <li>{@code POST /findings} ({@code GetFindings}): the findings given to {@link #answerGetFindings};</li>
 *   <li>{@code POST /actionTargets}, {@code /actionTargets/get} and the per-target calls of the custom resource;</li>
 *   <li>{@code PUT} {@value #CLOUDFORMATION_RESPONSE_PATH}: a CloudFormation custom resource response URL.</li>
 * </ul>
 * Point {@code AWS_ENDPOINT_URL_SECURITYHUB} at {@link #endpoint()}.
 */
public final class SecurityHubEmulator implements AutoCloseable {
    public static final String BATCH_UPDATE_PATH = "/findings/batchupdate";
    public static final String CLOUDFORMATION_RESPONSE_PATH = "/cloudformation-response";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WireMockServer server;

    /** One note written on a finding, in the order Security Hub received them. */
    public record Note(String findingId, String text, String workflowStatus) {
    }

    private SecurityHubEmulator(WireMockServer server) {
        this.server = server;
    }

    /** Starts the emulator on a free loopback port; stop it with {@link #close()}. */
    public static SecurityHubEmulator start() {
        WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort()
                .extensions(new ProcessEveryFinding()));
        server.start();
        server.stubFor(patch(urlEqualTo(BATCH_UPDATE_PATH)).willReturn(aResponse().withStatus(200)
                .withTransformers(ProcessEveryFinding.NAME)));
        server.stubFor(post(urlPathEqualTo("/actionTargets")).willReturn(okJson(
                "{\"ActionTargetArn\":\"arn:aws:securityhub:" + MotoServer.REGION + ":" + MotoServer.ACCOUNT
                        + ":action/custom/{{jsonPath request.body '$.Id'}}\"}").withTransformers("response-template")));
        server.stubFor(post(urlPathEqualTo("/actionTargets/get")).willReturn(okJson("{\"ActionTargets\":[]}")));
        server.stubFor(any(urlPathMatching("/actionTargets/arn.*")).willReturn(okJson("{}")));
        server.stubFor(put(urlPathEqualTo(CLOUDFORMATION_RESPONSE_PATH)).willReturn(aResponse().withStatus(200)));
        SecurityHubEmulator emulator = new SecurityHubEmulator(server);
        emulator.answerGetFindings(List.of());
        return emulator;
    }

    /** {@code http://127.0.0.1:<port>}: the value for {@code AWS_ENDPOINT_URL_SECURITYHUB}. */
    public String endpoint() {
        return server.baseUrl();
    }

    /** The URL to give a custom resource event as its {@code ResponseURL}. */
    public String cloudFormationResponseUrl() {
        return server.baseUrl() + CLOUDFORMATION_RESPONSE_PATH + "?signature=local";
    }

    /** From now on, {@code GetFindings} returns these ASFF findings in one page (whatever its filters). */
    public void answerGetFindings(List<JsonNode> findings) {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("Findings").addAll(findings);
        server.stubFor(post(urlEqualTo("/findings")).willReturn(okJson(body.toString())));
    }

    /** Every note written with {@code BatchUpdateFindings}, oldest first. */
    public List<Note> notes() {
        List<Note> notes = new ArrayList<>();
        server.findAll(patchRequestedFor(urlEqualTo(BATCH_UPDATE_PATH))).forEach(request -> {
            JsonNode body = json(request.getBodyAsString());
            for (JsonNode identifier : body.path("FindingIdentifiers")) {
                notes.add(new Note(identifier.path("Id").asText(), body.path("Note").path("Text").asText(null),
                        body.path("Workflow").path("Status").asText(null)));
            }
        });
        return notes;
    }

    /** The bodies CloudFormation would have received on the response URL, oldest first. */
    public List<JsonNode> cloudFormationResponses() {
        return server.findAll(putRequestedFor(urlPathEqualTo(CLOUDFORMATION_RESPONSE_PATH))).stream()
                .map(r -> json(r.getBodyAsString())).toList();
    }

    /** Forgets the requests received so far (notes, responses). */
    public void clearRequests() {
        server.resetRequests();
    }

    @Override
    public void close() {
        server.stop();
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Answers {@code BatchUpdateFindings} with every identifier in {@code ProcessedFindings}. */
    private static final class ProcessEveryFinding implements ResponseDefinitionTransformerV2 {
        static final String NAME = "process-every-finding";

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            JsonNode request = json(event.getRequest().getBodyAsString());
            ObjectNode body = JSON.createObjectNode();
            ArrayNode processed = body.putArray("ProcessedFindings");
            body.putArray("UnprocessedFindings");
            request.path("FindingIdentifiers").forEach(processed::add);
            return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                    .withBody(body.toString()).build();
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public String getName() {
            return NAME;
        }
    }
}
