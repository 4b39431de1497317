package dev.hubresponder.functions.customactions;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

/** A Lambda context whose only meaningful value is the time left before the function's timeout. */
record TestContext(int remainingMillis) implements Context {
    @Override
    public String getAwsRequestId() {
        return "lambda-request-1";
    }

    @Override
    public String getLogGroupName() {
        return "/hub-responder/test/action-targets";
    }

    @Override
    public String getLogStreamName() {
        return "2026/11/26/[live]0123";
    }

    @Override
    public String getFunctionName() {
        return "ActionTargetsFunction";
    }

    @Override
    public String getFunctionVersion() {
        return "1";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:us-east-1:123456789012:function:ActionTargetsFunction:live";
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
        return remainingMillis;
    }

    @Override
    public int getMemoryLimitInMB() {
        return 1024;
    }

    @Override
    public LambdaLogger getLogger() {
        return new LambdaLogger() {
            @Override
            public void log(String message) {
                System.err.println(message);
            }

            @Override
            public void log(byte[] message) {
                System.err.println(new String(message, java.nio.charset.StandardCharsets.UTF_8));
            }
        };
    }
}
