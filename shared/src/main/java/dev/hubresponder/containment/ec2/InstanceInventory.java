package dev.hubresponder.containment.ec2;

/**
 * Reads an instance's live state from EC2, Auto Scaling and ELB: the port the guards and the pre-state rely on.
 * Never answers from a finding: a finding's tags and interfaces may be stale.
 */
public interface InstanceInventory {

    /**
     * Describes an instance: tags, attributes, every interface with its groups, Auto Scaling membership, target
     * group registrations in its VPC and volumes.
     *
     * @throws RetryableContainmentException when AWS throttled or failed in a way worth retrying
     */
    InstanceLookup describe(String instanceId);
}
