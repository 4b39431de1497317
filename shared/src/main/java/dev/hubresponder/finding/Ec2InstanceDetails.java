package dev.hubresponder.finding;

import java.util.List;

/**
 * What containment needs to know about an EC2 instance named by a finding.
 *
 * @param instanceId          {@code i-…}, taken from the resource ARN
 * @param vpcId               the instance's VPC, when the finding says
 * @param subnetId            the instance's subnet, when the finding says
 * @param networkInterfaceIds ENIs named by the finding (live state is authoritative when acting)
 * @param ipV4Addresses       addresses named by the finding
 */
public record Ec2InstanceDetails(String instanceId, String vpcId, String subnetId, List<String> networkInterfaceIds,
                                 List<String> ipV4Addresses) {
    public Ec2InstanceDetails {
        networkInterfaceIds = List.copyOf(networkInterfaceIds);
        ipV4Addresses = List.copyOf(ipV4Addresses);
    }
}
