package dev.hubresponder.testkit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Lambda's {@code Invoke} API on a free 127.0.0.1 port, answering asynchronous invocations as Lambda does (HTTP 202,
 * empty body) and keeping what was sent, for a stage that hands over to the next one by itself. Point
 * {@code AWS_ENDPOINT_URL_LAMBDA} (or a client's endpoint override) at {@link #endpoint()}.
 * moto's Lambda would try to run the function in Docker; what is asserted here is what was handed over.
 */
public final class LambdaInvokeRecorder implements AutoCloseable {
    private static final String INVOKE_PATH = "/2015-03-31/functions/([^/]+)/invocations";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WireMockServer server;

    /** One invocation: the function as named in the request (name, ARN or qualified ARN), and its payload. */
    public record Invocation(String function, String invocationType, JsonNode payload) {
    }

    private LambdaInvokeRecorder(WireMockServer server) {
        this.server = server;
    }

    public static LambdaInvokeRecorder start() {
        WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        LambdaInvokeRecorder recorder = new LambdaInvokeRecorder(server);
        recorder.accept();
        return recorder;
    }

    public String endpoint() {
        return server.baseUrl();
    }

    /** Every invocation is accepted from now on (the default). */
    public void accept() {
        server.resetMappings();
        server.stubFor(post(urlPathMatching(INVOKE_PATH)).willReturn(aResponse().withStatus(202)));
    }

    /** Every invocation fails from now on with Lambda's {@code ServiceException} (HTTP 500). */
    public void failAll() {
        server.resetMappings();
        server.stubFor(post(urlPathMatching(INVOKE_PATH)).willReturn(aResponse().withStatus(500)
                .withHeader("x-amzn-ErrorType", "ServiceException")
                .withBody("{\"Type\":\"Service\",\"message\":\"internal failure (test)\"}")));
    }

    /** The invocations received so far, in order. */
    public List<Invocation> invocations() {
        return server.findAll(postRequestedFor(urlPathMatching(INVOKE_PATH))).stream()
                .map(LambdaInvokeRecorder::invocation).toList();
    }

    /** Forgets the invocations received so far. */
    public void clear() {
        server.resetRequests();
    }

    @Override
    public void close() {
        server.stop();
    }

    private static Invocation invocation(LoggedRequest request) {
        String path = request.getUrl().replaceFirst("\\?.*", "");
        String function = URLDecoder.decode(path.replaceFirst(".*/functions/([^/]+)/invocations$", "$1"),
                StandardCharsets.UTF_8);
        String type = request.getHeader("X-Amz-Invocation-Type");
        try {
            return new Invocation(function, type == null ? "RequestResponse" : type,
                    JSON.readTree(request.getBodyAsString()));
        } catch (IOException e) {
            throw new UncheckedIOException("an invocation payload is not JSON: " + request.getBodyAsString(), e);
        }
    }
}
