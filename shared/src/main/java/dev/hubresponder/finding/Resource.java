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
 * @param credentials the access key or role session when this is an {@code AwsIamAccessKey} or {@code AwsIamRole}
 *                    resource, else null
 */
public record Resource(String type, String id, String region, Map<String, String> tags, Ec2InstanceDetails ec2,
                       EcsTaskDetails ecs, CredentialDetails credentials) {
    public Resource {
        tags = Map.copyOf(tags);
    }

    /** A resource that names no credentials. */
    public Resource(String type, String id, String region, Map<String, String> tags, Ec2InstanceDetails ec2,
                    EcsTaskDetails ecs) {
        this(type, id, region, tags, ec2, ecs, null);
    }

    /** True when the id is an AWS ARN, the only kind of identifier containment acts on. */
    public boolean hasArn() {
        return id != null && id.startsWith("arn:");
    }

    /**
     * True when containment can act on this resource: an ARN, or the credentials of an IAM finding (GuardDuty names
     * an access key {@code AWS::IAM::AccessKey:<key id>}, which is not an ARN).
     */
    public boolean isAwsResource() {
        return hasArn() || credentials != null;
    }
}
