package dev.hubresponder.aws.ec2;

import dev.hubresponder.block.OwnAddresses;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Address;
import software.amazon.awssdk.services.ec2.model.NatGateway;
import software.amazon.awssdk.services.ec2.model.NatGatewayAddress;
import software.amazon.awssdk.services.ec2.model.NatGatewayState;

/**
 * Reads the account's own public addresses in the client's Region: every Elastic IP ({@code DescribeAddresses},
 * its public and carrier address) and every public address of a NAT gateway that is not deleted
 * ({@code DescribeNatGateways}, all pages). A NAT gateway's Elastic IP is named as the gateway's, with its
 * allocation.
 *
 * <p>A failed call is a {@link OwnAddresses.Lookup.Failed}: retryable for throttling, 5xx answers and failures to
 * reach EC2 (after the SDK's own retries), permanent for anything else (a missing {@code ec2:Describe…} permission
 * is EC2's {@code UnauthorizedOperation}).
 */
public final class Ec2OwnAddresses implements OwnAddresses {
    private final Ec2Client ec2;

    public Ec2OwnAddresses(Ec2Client ec2) {
        this.ec2 = Objects.requireNonNull(ec2, "ec2");
    }

    @Override
    public Lookup lookup() {
        Map<String, String> owners = new LinkedHashMap<>();
        String doing = "DescribeNatGateways";
        try {
            for (NatGateway gateway : ec2.describeNatGatewaysPaginator(r -> { }).natGateways()) {
                if (gateway.state() == NatGatewayState.DELETED) {
                    continue;
                }
                for (NatGatewayAddress address : gateway.natGatewayAddresses()) {
                    if (address.publicIp() != null) {
                        owners.putIfAbsent(address.publicIp(), "the public address of NAT gateway "
                                + gateway.natGatewayId() + (address.allocationId() == null ? ""
                                : " (" + address.allocationId() + ")"));
                    }
                }
            }
            doing = "DescribeAddresses";
            for (Address address : ec2.describeAddresses().addresses()) {
                String owner = "an Elastic IP of this account (" + address.allocationId() + ")";
                if (address.publicIp() != null) {
                    owners.putIfAbsent(address.publicIp(), owner);
                }
                if (address.carrierIp() != null) {
                    owners.putIfAbsent(address.carrierIp(), owner);
                }
            }
        } catch (SdkException e) {
            return new Lookup.Failed(AwsFailures.isRetryable(e), doing + " failed: " + AwsFailures.describe(e));
        }
        return new Lookup.Found(owners);
    }
}
