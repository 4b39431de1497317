package dev.hubresponder.functions.customactions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Lambda entry point of {@code Custom::SecurityHubActionTargets}. CloudFormation waits for an answer on every
 * request, so this handler answers on every path: SUCCESS or FAILED from {@link ActionTargetsResource}, FAILED
 * when the work does not finish a few seconds before the function's timeout, FAILED on an unexpected error.
 * Only an event without a ResponseURL goes unanswered, since there is nowhere to answer.
 */
public final class ActionTargetsHandler implements RequestStreamHandler {
    private static final System.Logger LOG = System.getLogger(ActionTargetsHandler.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Time kept back from the function's timeout to PUT the answer (three tries at most). */
    private static final Duration ANSWER_TIME = Duration.ofSeconds(8);

    private final ActionTargetsResource resource;
    private final ResponseSender responses;
    private final Duration answerTime;

    public ActionTargetsHandler() {
        this(SecurityHubActionTargets.fromEnvironment(System.getenv()), ResponseSender.standard(), ANSWER_TIME);
    }

    ActionTargetsHandler(ActionTargets targets, ResponseSender responses, Duration answerTime) {
        this.resource = new ActionTargetsResource(targets);
        this.responses = responses;
        this.answerTime = answerTime;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode event = JSON.readTree(input);
        URI responseUrl = CustomResourceRequest.responseUrlOf(event);
        if (responseUrl == null) {
            LOG.log(Level.ERROR, "not a CloudFormation custom resource request (no ResponseURL); nothing to answer");
            return;
        }
        CustomResourceRequest request;
        try {
            request = CustomResourceRequest.parse(event);
        } catch (InvalidRequestException e) {
            LOG.log(Level.ERROR, "invalid custom resource request: {0}", e.getMessage());
            responses.send(responseUrl, failedUnparsed(event, e.getMessage()));
            return;
        }
        Duration budget = Duration.ofMillis(context.getRemainingTimeInMillis()).minus(answerTime);
        responses.send(request.responseUrl(), withinBudget(request, budget));
    }

    private CloudFormationResponse withinBudget(CustomResourceRequest request, Duration budget) {
        if (budget.isNegative() || budget.isZero()) {
            return CloudFormationResponse.failed(request, "no time left to do the work before the function's timeout");
        }
        ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "action-targets");
            thread.setDaemon(true);
            return thread;
        });
        Future<CloudFormationResponse> work = worker.submit(() -> resource.handle(request));
        try {
            return work.get(budget.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            work.cancel(true);
            LOG.log(Level.ERROR, "{0} of {1} did not finish within {2} s", request.type(),
                    request.logicalResourceId(), budget.toSeconds());
            return CloudFormationResponse.failed(request, request.type() + " did not finish within "
                    + budget.toSeconds() + " s (Security Hub slow or unreachable); nothing further will be done");
        } catch (ExecutionException e) {
            // Anything ActionTargetsResource did not turn into an answer itself is a defect; CloudFormation
            // still gets an answer instead of waiting for the custom resource's timeout.
            Throwable cause = e.getCause();
            LOG.log(Level.ERROR, "unexpected failure handling a custom resource request", cause);
            return CloudFormationResponse.failed(request, request.type() + " failed unexpectedly: " + cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CloudFormationResponse.failed(request, request.type() + " was interrupted");
        } finally {
            worker.shutdownNow();
        }
    }

    /** A FAILED answer to a request that could not be read, echoing whatever identifying fields it had. */
    private static CloudFormationResponse failedUnparsed(JsonNode event, String reason) {
        String physicalId = event.path("PhysicalResourceId").asText(null);
        return new CloudFormationResponse(CloudFormationResponse.FAILED, "invalid request: " + reason,
                physicalId != null ? physicalId : event.path("LogicalResourceId").asText("unknown"),
                event.path("StackId").asText(null), event.path("RequestId").asText(null),
                event.path("LogicalResourceId").asText(null), null);
    }
}
