package dev.hubresponder.testkit;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/** A handler invoked as Lambda invokes it: the event's bytes in, what it returns read back as JSON. */
public final class LambdaInvoke {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LambdaInvoke() {
    }

    /**
     * @param functionName the function's name in the {@link LambdaTestContext}
     * @throws IOException when the handler throws it, or returns something that is not JSON
     */
    public static JsonNode invoke(RequestStreamHandler handler, byte[] event, String functionName)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event), out, new LambdaTestContext(functionName));
        return JSON.readTree(out.toByteArray());
    }

    /** As {@link #invoke(RequestStreamHandler, byte[], String)}, for an event built as JSON. */
    public static JsonNode invoke(RequestStreamHandler handler, JsonNode event, String functionName)
            throws IOException {
        return invoke(handler, JSON.writeValueAsBytes(event), functionName);
    }
}
