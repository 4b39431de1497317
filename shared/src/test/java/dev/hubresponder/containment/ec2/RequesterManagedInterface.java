package dev.hubresponder.containment.ec2;

import java.util.Set;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.ec2.model.DescribeNetworkInterfacesResponse;

/**
 * Makes EC2's {@code DescribeNetworkInterfaces} answer say that some interfaces are requester-managed, as AWS says
 * for interfaces that ELB, Lambda or ECS create. moto 5.2 never reports an interface as requester-managed, so the
 * answer is changed on its way into the SDK: everything after it (the inventory adapter, containment) runs as it
 * would against AWS.
 */
final class RequesterManagedInterface implements ExecutionInterceptor {
    private final Set<String> interfaceIds;

    RequesterManagedInterface(String... interfaceIds) {
        this.interfaceIds = Set.of(interfaceIds);
    }

    @Override
    public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes executionAttributes) {
        if (context.response() instanceof DescribeNetworkInterfacesResponse response) {
            return response.toBuilder().networkInterfaces(response.networkInterfaces().stream()
                    .map(eni -> interfaceIds.contains(eni.networkInterfaceId())
                            ? eni.toBuilder().requesterManaged(true).requesterId("amazon-elb").build()
                            : eni)
                    .toList()).build();
        }
        return context.response();
    }
}
