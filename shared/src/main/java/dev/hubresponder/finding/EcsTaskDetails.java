package dev.hubresponder.finding;

/**
 * What containment needs to know about an ECS task named by a finding.
 *
 * @param clusterArn        the cluster the task runs in
 * @param taskArn           the task's ARN
 * @param taskDefinitionArn the task definition, when the finding says
 * @param group             {@code service:<name>} for service tasks, {@code family:<name>} otherwise; may be null
 * @param startedBy         who started it (an ECS service's deployment id, a person, a scheduler), may be null
 */
public record EcsTaskDetails(String clusterArn, String taskArn, String taskDefinitionArn, String group,
                             String startedBy) {

    /** The service this task belongs to, or null when it was started on its own. */
    public String serviceName() {
        return group != null && group.startsWith("service:") ? group.substring("service:".length()) : null;
    }
}
