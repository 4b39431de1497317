package dev.hubresponder.containment.ecs;

import java.util.List;
import java.util.Map;

/**
 * An ECS task as {@code DescribeTasks} (with tags) showed it just before the responder acted: the evidence that
 * {@code StopTask} destroys (a stopped task loses its tags, and ECS forgets it about an hour later), and what the
 * guards decide on.
 *
 * @param taskArn              the task
 * @param clusterArn           its cluster
 * @param taskDefinitionArn    the task definition (and so the images) a service would start a replacement from
 * @param lastStatus           {@code RUNNING}, {@code STOPPED}, … as ECS last saw it
 * @param desiredStatus        {@code RUNNING} or {@code STOPPED}
 * @param launchType           {@code EC2}, {@code FARGATE}, {@code EXTERNAL}, or null with a capacity provider
 * @param capacityProviderName the capacity provider, when one placed it
 * @param platformVersion      the Fargate platform version, when Fargate
 * @param containerInstanceArn the EC2 container instance it runs on, when EC2
 * @param availabilityZone     where it runs
 * @param group                {@code service:<name>} for service tasks, {@code family:<name>} otherwise
 * @param startedBy            who started it (an ECS service deployment id for service tasks)
 * @param startedAt            when it started (ISO-8601), when known
 * @param stoppedReason        why ECS says it stopped, when it has
 * @param tags                 its tags
 * @param containers           its containers with their images
 * @param networkInterfaces    its elastic network interfaces (awsvpc)
 */
public record TaskSnapshot(String taskArn, String clusterArn, String taskDefinitionArn, String lastStatus,
                           String desiredStatus, String launchType, String capacityProviderName,
                           String platformVersion, String containerInstanceArn, String availabilityZone, String group,
                           String startedBy, String startedAt, String stoppedReason, Map<String, String> tags,
                           List<ContainerImage> containers, List<NetworkAttachment> networkInterfaces) {

    private static final String SERVICE_GROUP = "service:";

    public TaskSnapshot {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        containers = containers == null ? List.of() : List.copyOf(containers);
        networkInterfaces = networkInterfaces == null ? List.of() : List.copyOf(networkInterfaces);
    }

    /** The service this task belongs to, or null when it was started on its own. */
    public String serviceName() {
        return group != null && group.startsWith(SERVICE_GROUP) ? group.substring(SERVICE_GROUP.length()) : null;
    }

    /** True when ECS has stopped it or is stopping it: there is nothing left for {@code StopTask} to do. */
    public boolean stoppedOrStopping() {
        return "STOPPED".equals(lastStatus) || "STOPPED".equals(desiredStatus);
    }

    /**
     * One container of the task.
     *
     * @param name        the container's name in the task definition
     * @param image       the image reference as the task definition gives it
     * @param imageDigest the digest ECS resolved the image to, which identifies what actually ran
     * @param runtimeId   the container runtime's id (Docker id), for host forensics on EC2
     * @param lastStatus  the container's status
     */
    public record ContainerImage(String name, String image, String imageDigest, String runtimeId,
                                 String lastStatus) {
    }

    /**
     * An elastic network interface attached to the task.
     *
     * @param networkInterfaceId the ENI id, to find the task's traffic in VPC flow logs
     * @param privateIpv4Address its private address
     * @param subnetId           its subnet
     * @param macAddress         its MAC address
     */
    public record NetworkAttachment(String networkInterfaceId, String privateIpv4Address, String subnetId,
                                    String macAddress) {
    }
}
