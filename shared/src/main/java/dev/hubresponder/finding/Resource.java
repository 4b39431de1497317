package dev.hubresponder.finding;

import java.util.Map;

/**
 * A resource named by a finding.
 *
 * @param type   the ASFF resource type ({@code AwsEc2Instance}, {@code AwsEcsTask}, …) or the OCSF type
 * @param id     the producer's identifier: an ARN for AWS resources, free text for some third-party producers
 * @param region the resource's region, when given
 * @param tags   the resource's tags as the finding reports them (live tags are checked again before acting)
 * @param ec2    EC2 instance details when this is an instance, else null
 * @param ecs    ECS task details when this is a task (or a container that names its task), else null
 */
public record Resource(String type, String id, String region, Map<String, String> tags, Ec2InstanceDetails ec2,
                       EcsTaskDetails ecs) {
    public Resource {
        tags = Map.copyOf(tags);
    }

    /** True when the id is an AWS ARN, the only kind of identifier containment acts on. */
    public boolean hasArn() {
        return id != null && id.startsWith("arn:");
    }
}
