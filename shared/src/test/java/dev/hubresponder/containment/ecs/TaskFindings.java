package dev.hubresponder.containment.ecs;

import dev.hubresponder.finding.EcsTaskDetails;
import dev.hubresponder.finding.Finding;
import dev.hubresponder.finding.FindingSchema;
import dev.hubresponder.finding.Resource;
import dev.hubresponder.finding.ResourceRole;
import dev.hubresponder.finding.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Findings about ECS tasks as intake produces them, for tests of what happens after the decision. */
final class TaskFindings {
    static final String ACCOUNT = "123456789012";
    static final String REGION = "us-east-1";
    static final String CLUSTER = "prod-web";
    static final String CLUSTER_ARN = "arn:aws:ecs:us-east-1:123456789012:cluster/prod-web";
    static final String TASK_DEFINITION = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:7";

    private TaskFindings() {
    }

    static String taskArn(String id) {
        return "arn:aws:ecs:us-east-1:123456789012:task/prod-web/" + id;
    }

    /** A CRITICAL GuardDuty runtime finding naming one task, with the task details intake reads. */
    static Finding runtimeFinding(String findingId, String taskArn, String clusterArn) {
        Resource task = new Resource("AwsEcsTask", taskArn, REGION, Map.of(), null,
                new EcsTaskDetails(clusterArn, taskArn, TASK_DEFINITION, null, null));
        Instant seen = Instant.parse("2026-11-26T10:00:00Z");
        return new Finding(FindingSchema.ASFF, findingId, "arn:aws:securityhub:us-east-1::product/aws/guardduty",
                "GuardDuty", "Amazon", ACCOUNT, REGION,
                List.of("TTPs/Command and Control/Execution:Runtime-ReverseShell"), Severity.CRITICAL, 90.0,
                "ACTIVE", "NEW", "Reverse shell in a container", "", seen, seen, seen, List.of(task), List.of(),
                ResourceRole.ACTOR, Map.of(), null);
    }

    static TaskSnapshot runningTask(String taskArn, String group, Map<String, String> tags) {
        return new TaskSnapshot(taskArn, CLUSTER_ARN, TASK_DEFINITION, "RUNNING", "RUNNING", "FARGATE", null, "1.4.0",
                null, "us-east-1a", group, group.startsWith("service:") ? "ecs-svc/123" : "analyst", null, null,
                tags, List.of(new TaskSnapshot.ContainerImage("web", "nginx:1.27", "sha256:abc", "rt-1", "RUNNING")),
                List.of(new TaskSnapshot.NetworkAttachment("eni-0abc", "10.0.1.7", "subnet-1", "02:00:00:00:00:01")));
    }

    static ServiceSnapshot service(String name, int desiredCount, Map<String, String> tags) {
        return new ServiceSnapshot("arn:aws:ecs:us-east-1:123456789012:service/prod-web/" + name, name, "ACTIVE",
                desiredCount, desiredCount, TASK_DEFINITION, tags);
    }
}
