package dev.hubresponder.containment.ec2;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * Replaces moto's answer to one EC2 operation with the 403 {@code UnauthorizedOperation} error AWS sends when IAM
 * denies it, in EC2's query-protocol error format, so that the SDK raises the same exception it would against AWS.
 */
final class DeniedOperation implements ExecutionInterceptor {
    private static final String BODY = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error>"
            + "<Code>UnauthorizedOperation</Code><Message>You are not authorized to perform this operation.</Message>"
            + "</Error></Errors><RequestID>00000000-0000-0000-0000-000000000000</RequestID></Response>";

    private final String operation;

    DeniedOperation(String operation) {
        this.operation = operation;
    }

    @Override
    public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context,
                                              ExecutionAttributes executionAttributes) {
        if (!denied(executionAttributes)) {
            return context.httpResponse();
        }
        return context.httpResponse().toBuilder().statusCode(403).statusText("Forbidden").build();
    }

    @Override
    public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context,
                                                           ExecutionAttributes executionAttributes) {
        if (!denied(executionAttributes)) {
            return context.responseBody();
        }
        return Optional.of(new ByteArrayInputStream(BODY.getBytes(StandardCharsets.UTF_8)));
    }

    private boolean denied(ExecutionAttributes attributes) {
        return operation.equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
    }
}
