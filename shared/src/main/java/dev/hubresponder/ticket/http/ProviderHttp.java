package dev.hubresponder.ticket.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.hubresponder.ticket.RetryableTicketException;
import dev.hubresponder.ticket.UntrustedText;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;

/**
 * JSON over HTTPS to a ticket provider, with the one rule every adapter shares: 429, 5xx, a GitHub-style rate limit
 * (403 with {@code Retry-After} or {@code X-RateLimit-Remaining: 0}), timeouts and unreachable hosts throw
 * {@link RetryableTicketException}; every other answer comes back as a {@link ProviderResponse} for the adapter to
 * read.
 *
 * <p>The {@link HttpClient} is built once per execution environment ({@link #newClient}) and shared by requests.
 */
public final class ProviderHttp {
    private static final int MAX_ERROR_CHARS = 300;

    private final String provider;
    private final HttpClient client;
    private final Duration timeout;
    private final ObjectMapper mapper;

    /**
     * @param provider the provider's name, for messages
     * @param client   the shared client
     * @param timeout  how long one request may take, connection included
     * @param mapper   reads and writes bodies
     */
    public ProviderHttp(String provider, HttpClient client, Duration timeout, ObjectMapper mapper) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.client = Objects.requireNonNull(client, "client");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    /**
     * The client every adapter uses. HTTP/1.1 because the providers all speak it and a cleartext HTTP/2 upgrade
     * attempt only confuses proxies and stubs; redirects are not followed, so credentials go only to the configured
     * host.
     */
    public static HttpClient newClient(Duration connectTimeout) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * Headers for a JSON API that takes HTTP Basic authentication: Jira Cloud (e-mail and API token) and ServiceNow
     * (user and password).
     */
    public static Map<String, String> basicAuthJson(String user, String password) {
        String credentials = user + ":" + password;
        return Map.of(
                "Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        credentials.getBytes(StandardCharsets.UTF_8)),
                "Accept", "application/json",
                "Content-Type", "application/json");
    }

    /** The configured base URL as text without a trailing slash, ready for a path to be appended. */
    public static String base(URI configured) {
        String base = configured.toString();
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** One path segment or query value, URL-encoded. */
    public static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    public ProviderResponse get(URI uri, Map<String, String> headers) {
        return send("GET", uri, headers, HttpRequest.BodyPublishers.noBody());
    }

    public ProviderResponse post(URI uri, Map<String, String> headers, JsonNode body) {
        try {
            return send("POST", uri, headers, HttpRequest.BodyPublishers.ofString(mapper.writeValueAsString(body)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write a " + provider + " request body", e);
        }
    }

    private ProviderResponse send(String method, URI uri, Map<String, String> headers,
                                  HttpRequest.BodyPublisher body) {
        String call = provider + " " + method + " " + uri.getPath();
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).method(method, body);
        headers.forEach(request::header);
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new RetryableTicketException(call + " timed out after " + timeout.toMillis() + " ms", e);
        } catch (IOException e) {
            throw new RetryableTicketException(call + " failed: " + e.getClass().getSimpleName() + " "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetryableTicketException(call + " was interrupted", e);
        }
        int status = response.statusCode();
        if (status == 429 || status >= 500 || isRateLimit(status, response)) {
            String retryAfter = response.headers().firstValue("Retry-After").map(s -> ", Retry-After " + s)
                    .orElse("");
            throw new RetryableTicketException(call + " answered " + status + retryAfter + ": "
                    + excerpt(response.body()));
        }
        return new ProviderResponse(status, parse(response.body()), excerpt(response.body()));
    }

    private static boolean isRateLimit(int status, HttpResponse<String> response) {
        return status == 403 && (response.headers().firstValue("Retry-After").isPresent()
                || response.headers().firstValue("X-RateLimit-Remaining").filter("0"::equals).isPresent());
    }

    private JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return mapper.readTree(body);
        } catch (JsonProcessingException e) {
            return MissingNode.getInstance();
        }
    }

    private static String excerpt(String body) {
        return UntrustedText.oneLine(body, MAX_ERROR_CHARS, "(empty body)");
    }

    /**
     * A provider's answer other than a retryable failure.
     *
     * @param status  the HTTP status
     * @param body    the JSON body, or a missing node when there was none or it was not JSON
     * @param excerpt the body as one short line, for error messages
     */
    public record ProviderResponse(int status, JsonNode body, String excerpt) {
        public boolean isSuccess() {
            return status >= 200 && status < 300;
        }

        /** {@code "answered 400: {...}"}: what a refusal says, for the ledger and the alert. */
        public String refusal() {
            return "answered " + status + ": " + excerpt;
        }
    }
}
