package dev.hubresponder.functions.ticket;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.hubresponder.testkit.MotoServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;

/**
 * Security Hub's {@code PATCH /findings/batchupdate} on a WireMock server bound to 127.0.0.1, answering in AWS's
 * format with every finding of the request processed (moto lacks the call).
 */
final class SecurityHubStub implements AutoCloseable {
    static final String PATH = "/findings/batchupdate";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WireMockServer server;

    SecurityHubStub() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().extensions(new Processed()));
        server.start();
        reset();
    }

    void reset() {
        server.resetAll();
        server.stubFor(patch(urlEqualTo(PATH)).willReturn(aResponse().withStatus(200)));
    }

    /** A client as the function builds it (Apache HTTP client, for PATCH), pointed at this stub. */
    SecurityHubClient client() {
        return SecurityHubClient.builder()
                .endpointOverride(URI.create(server.baseUrl()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(MotoServer.ACCESS_KEY, MotoServer.SECRET_KEY)))
                .httpClient(ApacheHttpClient.create())
                .build();
    }

    /** The request bodies received, in order. */
    List<JsonNode> updates() {
        return server.findAll(patchRequestedFor(urlEqualTo(PATH))).stream().map(r -> json(r.getBodyAsString()))
                .toList();
    }

    @Override
    public void close() {
        server.stop();
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class Processed implements ResponseDefinitionTransformerV2 {
        @Override
        public ResponseDefinition transform(ServeEvent event) {
            ObjectNode body = JSON.createObjectNode();
            body.set("ProcessedFindings", json(event.getRequest().getBodyAsString()).path("FindingIdentifiers"));
            body.putArray("UnprocessedFindings");
            return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                    .withBody(body.toString()).build();
        }

        @Override
        public String getName() {
            return "security-hub-processes-everything";
        }
    }
}
