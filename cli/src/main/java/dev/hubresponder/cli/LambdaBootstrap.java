package dev.hubresponder.cli;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.hubresponder.testkit.LocalLambdaContext;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Runs one Lambda handler once in this JVM, the way the Java managed runtime does: construct the handler (init),
 * then call {@code handleRequest} with the event and a context. Started by {@code ./responder invoke} in a fresh
 * JVM whose environment is the function's, so that the handler's own init reads it as on Lambda.
 *
 * <p>Arguments: {@code <Handler class::method> <event file> <result file> <function name> <timeout s> <memory MB>}.
 * Exit 0 when the handler returned, 1 when it threw (the error is written to the result file as Lambda reports it).
 */
public final class LambdaBootstrap {
    /** The account of the invoked function's ARN, as {@code ./responder invoke} resolved it. */
    static final String ACCOUNT_PROPERTY = "hub.responder.account";

    private LambdaBootstrap() {
    }

    public static void main(String[] args) throws Exception {
        String handlerSpec = args[0];
        Path event = Path.of(args[1]);
        Path result = Path.of(args[2]);
        String functionName = args[3];
        int timeoutSeconds = Integer.parseInt(args[4]);
        int memoryMb = Integer.parseInt(args[5]);
        String className = handlerSpec.contains("::") ? handlerSpec.substring(0, handlerSpec.indexOf("::"))
                : handlerSpec;

        Object handler;
        try {
            handler = Class.forName(className).getDeclaredConstructor().newInstance();
        } catch (InvocationTargetException e) {
            fail(result, "init", e.getCause());
            return;
        }
        if (!(handler instanceof RequestStreamHandler streamHandler)) {
            fail(result, "init", new IllegalStateException(className + " is not a RequestStreamHandler"));
            return;
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        long deadline = System.currentTimeMillis() + timeoutSeconds * 1000L;
        try (InputStream input = Files.newInputStream(event)) {
            streamHandler.handleRequest(input, output, context(functionName, memoryMb, deadline));
        } catch (RuntimeException | java.io.IOException | Error e) {
            fail(result, "invoke", e);
            return;
        }
        Files.write(result, output.toByteArray());
        System.exit(0);
    }

    /** The context Lambda would pass: a request id, the function's name and ARN, memory, the time left. */
    private static LocalLambdaContext context(String functionName, int memoryMb, long deadlineMillis) {
        String arn = LocalLambdaContext.functionArn(System.getenv().getOrDefault("AWS_REGION", "us-east-1"),
                System.getProperty(ACCOUNT_PROPERTY, SamTemplate.DEFAULT_ACCOUNT), functionName);
        return new LocalLambdaContext(UUID.randomUUID().toString(), functionName, arn, memoryMb,
                () -> (int) Math.max(0, deadlineMillis - System.currentTimeMillis()));
    }

    private static void fail(Path result, String phase, Throwable error) throws java.io.IOException {
        String message = error.getMessage() == null ? "" : error.getMessage();
        String json = "{\"errorType\":\"" + escape(error.getClass().getName()) + "\",\"errorMessage\":\""
                + escape(message) + "\",\"phase\":\"" + phase + "\"}";
        Files.writeString(result, json, StandardCharsets.UTF_8);
        // As the Lambda runtime does: the error report goes to the function's log (stderr here), with its trace.
        error.printStackTrace(System.err);
        System.exit(1);
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
