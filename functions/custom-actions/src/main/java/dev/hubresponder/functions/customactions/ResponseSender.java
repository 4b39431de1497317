package dev.hubresponder.functions.customactions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * PUTs the answer to CloudFormation's pre-signed S3 URL. The request carries no Content-Type: the URL is signed
 * without one, and S3 rejects a signature that does not match what was sent.
 */
final class ResponseSender {
    private static final System.Logger LOG = System.getLogger(ResponseSender.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final int attempts;
    private final Duration backoff;

    ResponseSender(HttpClient http, int attempts, Duration backoff) {
        this.http = http;
        this.attempts = attempts;
        this.backoff = backoff;
    }

    /** Three tries, one and two seconds apart: enough for a transient S3 error, well inside the function's time. */
    static ResponseSender standard() {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        return new ResponseSender(http, 3, Duration.ofSeconds(1));
    }

    /**
     * Sends the answer.
     *
     * @throws ResponseNotDeliveredException when every try failed; thrown so that Lambda retries the invocation,
     *                                       which is idempotent and answers again
     */
    void send(URI responseUrl, CloudFormationResponse response) {
        String body;
        try {
            body = JSON.writeValueAsString(response);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the CloudFormation answer could not be written as JSON", e);
        }
        HttpRequest request = HttpRequest.newBuilder(responseUrl)
                .timeout(Duration.ofSeconds(10))
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .build();
        String lastProblem = "not tried";
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() / 100 == 2) {
                    LOG.log(Level.INFO, "answered CloudFormation {0} for request {1}", response.status(),
                            response.requestId());
                    return;
                }
                lastProblem = "HTTP " + answer.statusCode() + ": " + abbreviate(answer.body());
            } catch (IOException e) {
                lastProblem = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ResponseNotDeliveredException("interrupted while answering CloudFormation", e);
            }
            LOG.log(Level.WARNING, "answer to CloudFormation not accepted (try {0} of {1}): {2}", attempt, attempts,
                    lastProblem);
            pause(backoff.multipliedBy(attempt));
        }
        throw new ResponseNotDeliveredException("CloudFormation did not accept the answer for request "
                + response.requestId() + " after " + attempts + " tries: " + lastProblem, null);
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }

    /** The answer could not be delivered; Lambda's retry will compute and send it again. */
    static final class ResponseNotDeliveredException extends RuntimeException {
        ResponseNotDeliveredException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
