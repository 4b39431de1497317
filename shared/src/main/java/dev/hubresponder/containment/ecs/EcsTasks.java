package dev.hubresponder.containment.ecs;

import dev.hubresponder.containment.Change;
import dev.hubresponder.containment.Lookup;

/**
 * The ECS calls task containment makes: the port that {@code dev.hubresponder.aws.ecs.SdkEcsTasks} implements.
 *
 * <p>Every method answers with an explicit outcome. Only a failure worth retrying (throttling, a 5xx, the network)
 * is thrown, as {@link EcsUnavailableException}, so that Lambda retries the delivery and the ledger's completed
 * steps let it resume.
 */
public interface EcsTasks {

    /** {@code DescribeTasks} with tags. {@code cluster} is a cluster name or ARN. */
    Lookup<TaskSnapshot> describeTask(String cluster, String taskArn);

    /** {@code DescribeServices} with tags. */
    Lookup<ServiceSnapshot> describeService(String cluster, String serviceName);

    /** {@code StopTask} with a reason (at most 255 characters). */
    Change stopTask(String cluster, String taskArn, String reason);

    /** {@code UpdateService} of the desired count only. */
    Change setDesiredCount(String cluster, String serviceName, int desiredCount);
}
