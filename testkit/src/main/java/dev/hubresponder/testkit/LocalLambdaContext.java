package dev.hubresponder.testkit;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.util.Objects;
import java.util.function.IntSupplier;

/**
 * The Lambda context a function gets when it runs outside Lambda, in a handler test or under
 * {@code ./responder invoke}: request id, function name and ARN, memory, the time it has left, and a logger
 * that writes to standard output as the runtime's does. No identity or client context: EventBridge, SQS and
 * destination invocations carry none.
 */
public class LocalLambdaContext implements Context {
    private final String requestId;
    private final String functionName;
    private final String invokedFunctionArn;
    private final int memoryMb;
    private final IntSupplier remainingMillis;

    public LocalLambdaContext(String requestId, String functionName, String invokedFunctionArn, int memoryMb,
            IntSupplier remainingMillis) {
        this.requestId = Objects.requireNonNull(requestId, "requestId");
        this.functionName = Objects.requireNonNull(functionName, "functionName");
        this.invokedFunctionArn = Objects.requireNonNull(invokedFunctionArn, "invokedFunctionArn");
        this.memoryMb = memoryMb;
        this.remainingMillis = Objects.requireNonNull(remainingMillis, "remainingMillis");
    }

    /** {@code arn:aws:lambda:<region>:<account>:function:<name>}, the unqualified ARN an invoke names. */
    public static String functionArn(String region, String account, String functionName) {
        return "arn:aws:lambda:" + region + ":" + account + ":function:" + functionName;
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + functionName;
    }

    @Override
    public String getLogStreamName() {
        return "local";
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return invokedFunctionArn;
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return remainingMillis.getAsInt();
    }

    @Override
    public int getMemoryLimitInMB() {
        return memoryMb;
    }

    @Override
    public LambdaLogger getLogger() {
        return new LambdaLogger() {
            @Override
            public void log(String message) {
                System.out.print(message);
            }

            @Override
            public void log(byte[] message) {
                System.out.write(message, 0, message.length);
            }
        };
    }
}
