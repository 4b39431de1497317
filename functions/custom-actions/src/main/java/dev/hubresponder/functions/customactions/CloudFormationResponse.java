package dev.hubresponder.functions.customactions;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * The answer CloudFormation waits for, PUT as JSON to the request's pre-signed ResponseURL.
 * CloudFormation rejects answers over 4096 bytes, so the reason is kept short.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record CloudFormationResponse(@JsonProperty("Status") String status,
                              @JsonProperty("Reason") String reason,
                              @JsonProperty("PhysicalResourceId") String physicalResourceId,
                              @JsonProperty("StackId") String stackId,
                              @JsonProperty("RequestId") String requestId,
                              @JsonProperty("LogicalResourceId") String logicalResourceId,
                              @JsonProperty("Data") Map<String, String> data) {

    static final String SUCCESS = "SUCCESS";
    static final String FAILED = "FAILED";
    private static final int MAX_REASON = 1000;

    static CloudFormationResponse success(CustomResourceRequest request, String reason, Map<String, String> data) {
        return new CloudFormationResponse(SUCCESS, reason, request.answerPhysicalId(), request.stackId(),
                request.requestId(), request.logicalResourceId(), data.isEmpty() ? null : Map.copyOf(data));
    }

    static CloudFormationResponse failed(CustomResourceRequest request, String reason) {
        String shortReason = reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON - 3) + "..." : reason;
        return new CloudFormationResponse(FAILED, shortReason, request.answerPhysicalId(), request.stackId(),
                request.requestId(), request.logicalResourceId(), null);
    }
}
