package dev.hubresponder.containment.ecs;

import java.util.Map;

/**
 * The ECS service a task belongs to, as {@code DescribeServices} (with tags) showed it.
 *
 * @param serviceArn        the service
 * @param serviceName       its name
 * @param status            {@code ACTIVE}, {@code DRAINING}, {@code INACTIVE}
 * @param desiredCount      how many tasks the scheduler keeps running; what release restores
 * @param runningCount      how many run now
 * @param taskDefinitionArn the task definition the scheduler starts tasks from
 * @param tags              its tags
 */
public record ServiceSnapshot(String serviceArn, String serviceName, String status, int desiredCount,
                              int runningCount, String taskDefinitionArn, Map<String, String> tags) {
    public ServiceSnapshot {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }
}
