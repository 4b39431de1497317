package dev.hubresponder.aws.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubresponder.config.ConfigurationException;
import dev.hubresponder.handoff.NextStage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/**
 * Hands records to the next stage's function with asynchronous {@code Invoke} calls (HTTP 202: Lambda queued it and
 * will retry the function, then use its own destinations). A burst of findings is hundreds of records, so the
 * calls go out a few at a time in parallel; the SDK's standard retries cover throttling.
 */
public final class LambdaNextStage implements NextStage {
    /** The next stage's function (its alias ARN in the template). */
    public static final String FUNCTION_VARIABLE = "RESPONDER_NEXT_STAGE_FUNCTION";
    private static final int PARALLEL_CALLS = 8;

    private final LambdaClient lambda;
    private final String function;
    private final ObjectMapper mapper;

    public LambdaNextStage(LambdaClient lambda, String function, ObjectMapper mapper) {
        this.lambda = Objects.requireNonNull(lambda, "lambda");
        this.function = Objects.requireNonNull(function, "function");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    /** The next stage named by {@value #FUNCTION_VARIABLE}; a clear error when it is missing. */
    public static String functionFromEnv(Map<String, String> env) {
        String function = env.get(FUNCTION_VARIABLE);
        if (function == null || function.isBlank()) {
            throw new ConfigurationException(FUNCTION_VARIABLE + " must name the function that takes over after "
                    + "this stage (the template sets it to CreateTicketFunction's alias)");
        }
        return function.trim();
    }

    @Override
    public Map<String, String> handOver(Map<String, JsonNode> records) {
        Map<String, String> failed = new TreeMap<>();
        if (records.isEmpty()) {
            return failed;
        }
        ExecutorService calls = Executors.newFixedThreadPool(Math.min(PARALLEL_CALLS, records.size()));
        try {
            List<Map.Entry<String, Future<String>>> pending = new ArrayList<>();
            records.forEach((id, record) -> pending.add(Map.entry(id, calls.submit(() -> invoke(record)))));
            for (Map.Entry<String, Future<String>> call : pending) {
                String problem = outcome(call.getValue());
                if (problem != null) {
                    failed.put(call.getKey(), problem);
                }
            }
        } finally {
            calls.shutdownNow();
        }
        return failed;
    }

    /** Null when Lambda accepted the record, otherwise why not. */
    private String invoke(JsonNode record) {
        SdkBytes payload;
        try {
            payload = SdkBytes.fromByteArray(mapper.writeValueAsBytes(record));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return "record could not be written as JSON: " + e.getOriginalMessage();
        }
        try {
            InvokeResponse response = lambda.invoke(b -> b.functionName(function)
                    .invocationType(InvocationType.EVENT).payload(payload));
            if (response.statusCode() != 202 || response.functionError() != null) {
                return "Lambda answered " + response.statusCode() + " for " + function;
            }
            return null;
        } catch (SdkException e) {
            return "could not invoke " + function + ": " + e.getMessage();
        }
    }

    private static String outcome(Future<String> call) {
        try {
            return call.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted before the handover was confirmed";
        } catch (ExecutionException e) {
            return "handover failed: " + e.getCause();
        }
    }
}
