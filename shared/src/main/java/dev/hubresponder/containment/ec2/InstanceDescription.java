package dev.hubresponder.containment.ec2;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * An EC2 instance as containment sees it: what the guards check before acting, and what is recorded in the ledger
 * as the pre-state (as JSON) before anything changes, so that release can put it back.
 *
 * @param instanceId            {@code i-…}
 * @param vpcId                 the instance's VPC
 * @param runState              {@code pending}, {@code running}, {@code stopped}, {@code terminated} …
 * @param tags                  the instance's tags as EC2 reports them now
 * @param terminationProtection the {@code disableApiTermination} attribute
 * @param shutdownBehavior      the {@code instanceInitiatedShutdownBehavior} attribute ({@code stop} or
 *                              {@code terminate})
 * @param interfaces            every network interface attached to it, primary first
 * @param autoScaling           its Auto Scaling group and lifecycle state, or null when it is in none
 * @param targetRegistrations   its registrations in ELB target groups of its VPC
 * @param volumeIds             its attached EBS volumes
 */
public record InstanceDescription(String instanceId, String vpcId, String runState, Map<String, String> tags,
                                  boolean terminationProtection, String shutdownBehavior,
                                  List<NetworkInterface> interfaces, AutoScalingMembership autoScaling,
                                  List<TargetRegistration> targetRegistrations, List<String> volumeIds) {
    public InstanceDescription {
        Objects.requireNonNull(instanceId, "instanceId");
        tags = Map.copyOf(tags);
        interfaces = List.copyOf(interfaces);
        targetRegistrations = List.copyOf(targetRegistrations);
        volumeIds = List.copyOf(volumeIds);
    }

    /**
     * An elastic network interface and its security groups.
     *
     * @param interfaceId      {@code eni-…}
     * @param vpcId            the interface's VPC (security groups belong to one VPC)
     * @param deviceIndex      0 for the primary interface
     * @param groupIds         its security groups, in EC2's order
     * @param requesterManaged true when another service (ELB, Lambda, ECS …) manages it: it cannot be modified
     * @param tags             the interface's own tags (an interface does not carry its instance's); none in
     *                         pre-states recorded before they were read
     */
    public record NetworkInterface(String interfaceId, String vpcId, int deviceIndex, List<String> groupIds,
                                   boolean requesterManaged, Map<String, String> tags) {
        public NetworkInterface {
            Objects.requireNonNull(interfaceId, "interfaceId");
            groupIds = List.copyOf(groupIds);
            tags = tags == null ? Map.of() : Map.copyOf(tags);
        }

        /** An interface whose tags were not read. */
        public NetworkInterface(String interfaceId, String vpcId, int deviceIndex, List<String> groupIds,
                                boolean requesterManaged) {
            this(interfaceId, vpcId, deviceIndex, groupIds, requesterManaged, Map.of());
        }

        /** True when the tag {@code key} is present with {@code value} (compared without regard to case). */
        public boolean carriesTag(String key, String value) {
            return matches(tags.get(key), value);
        }
    }

    /**
     * Membership of an Auto Scaling group.
     *
     * @param groupName      the group
     * @param lifecycleState {@code InService}, {@code Standby}, {@code Pending} …
     */
    public record AutoScalingMembership(String groupName, String lifecycleState) {
        public boolean inStandby() {
            return lifecycleState != null && lifecycleState.startsWith("Standby");
        }
    }

    /**
     * One registration of the instance in an ELB target group.
     *
     * @param targetGroupArn the target group
     * @param port           the port it is registered on, or null when the group's default port applies
     */
    public record TargetRegistration(String targetGroupArn, Integer port) {
    }

    /** True when the tag {@code key} is present with {@code value} (compared without regard to case). */
    public boolean carriesTag(String key, String value) {
        return matches(tags.get(key), value);
    }

    /**
     * The interfaces tagged {@code key=value} themselves. IAM cannot be relied on to see a protected instance
     * behind its interface (see docs/security.md), so an interface can be protected on its own, and the guard
     * honours that too.
     */
    public List<NetworkInterface> interfacesCarryingTag(String key, String value) {
        return interfaces.stream().filter(i -> i.carriesTag(key, value)).toList();
    }

    private static boolean matches(String actual, String value) {
        return actual != null && actual.trim().toLowerCase(Locale.ROOT).equals(value.trim().toLowerCase(Locale.ROOT));
    }

    /** True when the instance is terminated or on its way there: there is nothing left to contain or restore. */
    public boolean isGone() {
        return "terminated".equals(runState) || "shutting-down".equals(runState);
    }

    /** The interfaces this responder may change: all but requester-managed ones. */
    public List<NetworkInterface> modifiableInterfaces() {
        return interfaces.stream().filter(i -> !i.requesterManaged()).toList();
    }

    /** The interfaces another service manages. */
    public List<NetworkInterface> requesterManagedInterfaces() {
        return interfaces.stream().filter(NetworkInterface::requesterManaged).toList();
    }
}
