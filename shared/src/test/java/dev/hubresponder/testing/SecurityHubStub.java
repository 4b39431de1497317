package dev.hubresponder.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.hubresponder.testkit.MotoServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;

/**
 * Security Hub's {@code PATCH /findings/batchupdate} and {@code PATCH /findingsv2/batchupdatev2} on a WireMock
 * server bound to 127.0.0.1, answering in AWS's format (moto lacks both). Every finding in a request is processed,
 * unless the test queued error codes for its id ({@link #failNext}): each call then takes the next code and reports
 * the finding as unprocessed with it.
 */
public final class SecurityHubStub implements AutoCloseable {
    public static final String V1_PATH = "/findings/batchupdate";
    public static final String V2_PATH = "/findingsv2/batchupdatev2";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Deque<String>> failures = new ConcurrentHashMap<>();
    private final WireMockServer server;

    public SecurityHubStub() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort()
                .extensions(new Answer()));
        server.start();
        server.stubFor(patch(urlEqualTo(V1_PATH)).willReturn(aResponse().withStatus(200)));
        server.stubFor(patch(urlEqualTo(V2_PATH)).willReturn(aResponse().withStatus(200)));
    }

    /** Forgets the requests received and the failures queued; every finding is processed again. */
    public void reset() {
        failures.clear();
        server.resetRequests();
    }

    public WireMockServer server() {
        return server;
    }

    /** A client as the function builds it (Apache HTTP client, for PATCH), pointed at this stub. */
    public SecurityHubClient client() {
        return SecurityHubClient.builder()
                .endpointOverride(URI.create(server.baseUrl()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(MotoServer.ACCESS_KEY, MotoServer.SECRET_KEY)))
                .httpClient(ApacheHttpClient.create())
                .build();
    }

    /** The next calls that include this finding (ASFF Id, OCSF metadata uid or finding_info uid) fail it. */
    public void failNext(String findingId, String... errorCodes) {
        failures.computeIfAbsent(findingId, k -> new ArrayDeque<>()).addAll(List.of(errorCodes));
    }

    /** The bodies of the requests received on a path, in order. */
    public List<JsonNode> bodies(String path) {
        return server.findAll(patchRequestedFor(urlEqualTo(path))).stream().map(SecurityHubStub::json).toList();
    }

    @Override
    public void close() {
        server.stop();
    }

    private static JsonNode json(LoggedRequest request) {
        try {
            return JSON.readTree(request.getBodyAsString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String nextFailure(String id) {
        Deque<String> queue = failures.get(id);
        return queue == null ? null : queue.poll();
    }

    private final class Answer implements ResponseDefinitionTransformerV2 {
        @Override
        public ResponseDefinition transform(ServeEvent event) {
            if (event.getResponseDefinition().getStatus() != 200) {
                return event.getResponseDefinition();
            }
            JsonNode request = json(event.getRequest());
            ObjectNode body = JSON.createObjectNode();
            ArrayNode processed = body.putArray("ProcessedFindings");
            ArrayNode unprocessed = body.putArray("UnprocessedFindings");
            if (event.getRequest().getUrl().equals(V1_PATH)) {
                for (JsonNode identifier : request.path("FindingIdentifiers")) {
                    String code = nextFailure(identifier.path("Id").asText());
                    if (code == null) {
                        processed.add(identifier);
                    } else {
                        unprocessed.addObject().setAll(Map.of("FindingIdentifier", identifier,
                                "ErrorCode", JSON.getNodeFactory().textNode(code),
                                "ErrorMessage", JSON.getNodeFactory().textNode(code + " (stub)")));
                    }
                }
            } else {
                for (JsonNode uid : request.path("MetadataUids")) {
                    String code = nextFailure(uid.asText());
                    ObjectNode entry = code == null ? processed.addObject() : unprocessed.addObject();
                    entry.put("MetadataUid", uid.asText());
                    if (code != null) {
                        entry.put("ErrorCode", code).put("ErrorMessage", code + " (stub)");
                    }
                }
                for (JsonNode identifier : request.path("FindingIdentifiers")) {
                    String code = nextFailure(identifier.path("FindingInfoUid").asText());
                    ObjectNode entry = code == null ? processed.addObject() : unprocessed.addObject();
                    entry.set("FindingIdentifier", identifier);
                    if (code != null) {
                        entry.put("ErrorCode", code).put("ErrorMessage", code + " (stub)");
                    }
                }
            }
            return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                    .withBody(body.toString()).build();
        }

        @Override
        public String getName() {
            return "security-hub-batch-update";
        }
    }
}
