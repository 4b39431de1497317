package dev.hubresponder.handoff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.UUID;

/**
 * The record a Lambda destination sends to the next stage, for the stages that must hand over by themselves: a stage
 * fed by a queue is invoked synchronously by its event source mapping, and Lambda destinations fire only for
 * asynchronous invocations. The shape is Lambda's (docs: "Capturing records of Lambda asynchronous invocations"),
 * so the next stage reads it with {@link Handoff#unwrap} whether Lambda or the previous stage sent it.
 */
public final class InvocationRecord {
    /** Lambda's condition when the function returned normally. */
    public static final String SUCCESS = "Success";
    /** Lambda's condition when the function failed on its last attempt. */
    public static final String RETRIES_EXHAUSTED = "RetriesExhausted";

    private InvocationRecord() {
    }

    /** The record of a stage that returned {@code response} for {@code request}. */
    public static ObjectNode success(ObjectMapper mapper, String functionArn, int attempts, JsonNode request,
                                     JsonNode response) {
        ObjectNode record = base(mapper, functionArn, SUCCESS, attempts, request);
        record.putObject("responseContext").put("statusCode", 200).put("executedVersion", version(functionArn));
        record.set("responsePayload", response);
        return record;
    }

    /** The record of a stage that failed on its last attempt with {@code errorMessage}. */
    public static ObjectNode failure(ObjectMapper mapper, String functionArn, int attempts, JsonNode request,
                                     String errorType, String errorMessage) {
        ObjectNode record = base(mapper, functionArn, RETRIES_EXHAUSTED, attempts, request);
        record.putObject("responseContext").put("statusCode", 200).put("executedVersion", version(functionArn))
                .put("functionError", "Unhandled");
        record.putObject("responsePayload").put("errorMessage", errorMessage).put("errorType", errorType);
        return record;
    }

    private static ObjectNode base(ObjectMapper mapper, String functionArn, String condition, int attempts,
                                   JsonNode request) {
        ObjectNode record = mapper.createObjectNode();
        record.put("version", "1.0");
        record.put("timestamp", Instant.now().toString());
        record.putObject("requestContext").put("requestId", UUID.randomUUID().toString())
                .put("functionArn", functionArn).put("condition", condition).put("approximateInvokeCount", attempts);
        record.set("requestPayload", request);
        return record;
    }

    /** The version or alias after the function name in a qualified ARN; {@code $LATEST} for an unqualified one. */
    private static String version(String functionArn) {
        String[] parts = functionArn.split(":");
        return parts.length > 7 ? parts[7] : "$LATEST";
    }
}
