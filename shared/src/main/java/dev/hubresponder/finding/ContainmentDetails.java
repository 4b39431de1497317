package dev.hubresponder.finding;

import java.util.List;

/** Builds the EC2 and ECS details containment needs from resource identifiers, for both schemas. */
final class ContainmentDetails {
    private ContainmentDetails() {
    }

    /** EC2 details when the id is an instance ARN, else null (containment acts only on ARNs). */
    static Ec2InstanceDetails ec2Instance(String resourceId, String vpcId, String subnetId, List<String> eniIds,
                                          List<String> ipV4Addresses) {
        AwsArn arn = AwsArn.parse(resourceId);
        String instanceId = arn == null ? null : arn.instanceId();
        return instanceId == null ? null
                : new Ec2InstanceDetails(instanceId, vpcId, subnetId, eniIds, ipV4Addresses);
    }

    /**
     * ECS details when the id is a task ARN, else null. The cluster is the given one when it is a cluster ARN
     * (AWS's own ASFF examples put a task ARN in {@code ClusterArn}), else the one the long-form task ARN names,
     * else null.
     */
    static EcsTaskDetails ecsTask(String taskArn, String clusterArn, String taskDefinitionArn, String group,
                                  String startedBy) {
        AwsArn task = AwsArn.parse(taskArn);
        if (task == null || !task.isEcsTask()) {
            return null;
        }
        AwsArn cluster = AwsArn.parse(clusterArn);
        String effectiveCluster = cluster != null && cluster.isEcsCluster() ? clusterArn : task.ecsClusterArnOfTask();
        return new EcsTaskDetails(effectiveCluster, taskArn, taskDefinitionArn, group, startedBy);
    }
}
