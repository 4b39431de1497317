package dev.hubresponder.testkit;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Keeps every request an SDK client sends, in order: add it to a client with
 * {@code overrideConfiguration(c -> c.addExecutionInterceptor(recorded))}.
 *
 * <p>For calls whose effect moto does not show faithfully (aws-facts §9: the groups of an interface after
 * {@code ModifyNetworkInterfaceAttribute}), tests assert the requests sent instead of the state read back.
 */
public final class RecordedRequests implements ExecutionInterceptor {
    private final List<SdkRequest> requests = new CopyOnWriteArrayList<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes executionAttributes) {
        requests.add(context.request());
    }

    /** The requests of one type, in the order they were sent. */
    public <T extends SdkRequest> List<T> of(Class<T> type) {
        return requests.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Every request, in order. */
    public List<SdkRequest> all() {
        return List.copyOf(requests);
    }

    /** The simple class names of every request, in order ({@code ModifyNetworkInterfaceAttributeRequest} …). */
    public List<String> names() {
        return requests.stream().map(r -> r.getClass().getSimpleName()).toList();
    }

    public void clear() {
        requests.clear();
    }
}
