package dev.hubresponder.aws.ec2;

import dev.hubresponder.containment.ec2.InstanceDescription;
import dev.hubresponder.containment.ec2.InstanceDescription.AutoScalingMembership;
import dev.hubresponder.containment.ec2.InstanceDescription.NetworkInterface;
import dev.hubresponder.containment.ec2.InstanceInventory;
import dev.hubresponder.containment.ec2.InstanceLookup;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingInstanceDetails;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.GroupIdentifier;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceAttributeName;
import software.amazon.awssdk.services.ec2.model.InstanceBlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

/**
 * Reads an instance's live state with {@code DescribeInstances}, {@code DescribeNetworkInterfaces} (the only call
 * that says whether an interface is requester-managed), {@code DescribeInstanceAttribute},
 * {@code DescribeAutoScalingInstances} and {@code DescribeTargetGroups}/{@code DescribeTargetHealth}.
 *
 * <p>Any part that cannot be read makes the whole instance {@link InstanceLookup.Unreadable}: a pre-state with a
 * gap (no target groups because the permission was missing) would make release restore less than was there.
 */
public final class Ec2InstanceInventory implements InstanceInventory {
    private final Ec2Client ec2;
    private final AutoScalingClient autoScaling;
    private final TargetGroupRegistrations targetGroups;

    public Ec2InstanceInventory(Ec2Client ec2, AutoScalingClient autoScaling, ElasticLoadBalancingV2Client elb) {
        this.ec2 = Objects.requireNonNull(ec2, "ec2");
        this.autoScaling = Objects.requireNonNull(autoScaling, "autoScaling");
        this.targetGroups = new TargetGroupRegistrations(elb);
    }

    @Override
    public InstanceLookup describe(String instanceId) {
        Instance instance;
        try {
            instance = ec2.describeInstances(r -> r.instanceIds(instanceId)).reservations().stream()
                    .map(Reservation::instances)
                    .flatMap(List::stream)
                    .filter(i -> instanceId.equals(i.instanceId()))
                    .findFirst()
                    .orElse(null);
        } catch (SdkException e) {
            String code = AwsFailures.errorCode(e);
            if (code.startsWith("InvalidInstanceID")) {
                return new InstanceLookup.Missing(AwsFailures.describe(e));
            }
            return new InstanceLookup.Unreadable(AwsFailures.permanentOrThrow("DescribeInstances " + instanceId, e));
        }
        if (instance == null) {
            return new InstanceLookup.Missing("DescribeInstances returned no instance " + instanceId);
        }
        String doing = "describing " + instanceId;
        try {
            doing = "DescribeNetworkInterfaces for " + instanceId;
            List<NetworkInterface> interfaces = interfaces(instanceId);
            doing = "DescribeInstanceAttribute disableApiTermination of " + instanceId;
            Boolean protection = ec2.describeInstanceAttribute(r -> r.instanceId(instanceId)
                    .attribute(InstanceAttributeName.DISABLE_API_TERMINATION)).disableApiTermination().value();
            doing = "DescribeInstanceAttribute instanceInitiatedShutdownBehavior of " + instanceId;
            String shutdown = ec2.describeInstanceAttribute(r -> r.instanceId(instanceId)
                    .attribute(InstanceAttributeName.INSTANCE_INITIATED_SHUTDOWN_BEHAVIOR))
                    .instanceInitiatedShutdownBehavior().value();
            doing = "DescribeAutoScalingInstances for " + instanceId;
            AutoScalingMembership membership = autoScaling.describeAutoScalingInstances(r -> r.instanceIds(instanceId))
                    .autoScalingInstances().stream()
                    .filter(i -> instanceId.equals(i.instanceId()))
                    .findFirst()
                    .map(Ec2InstanceInventory::membership)
                    .orElse(null);
            doing = "DescribeTargetHealth for " + instanceId;
            var registrations = instance.vpcId() == null ? List.<InstanceDescription.TargetRegistration>of()
                    : targetGroups.of(instanceId, instance.vpcId());
            return new InstanceLookup.Found(new InstanceDescription(
                    instanceId,
                    instance.vpcId(),
                    instance.state() == null ? null : instance.state().nameAsString(),
                    tags(instance.tags()),
                    Boolean.TRUE.equals(protection),
                    shutdown,
                    interfaces,
                    membership,
                    registrations,
                    instance.blockDeviceMappings().stream()
                            .map(InstanceBlockDeviceMapping::ebs)
                            .filter(Objects::nonNull)
                            .map(ebs -> ebs.volumeId())
                            .filter(Objects::nonNull)
                            .toList()));
        } catch (SdkException e) {
            return new InstanceLookup.Unreadable(AwsFailures.permanentOrThrow(doing, e));
        }
    }

    private List<NetworkInterface> interfaces(String instanceId) {
        return ec2.describeNetworkInterfacesPaginator(r -> r.filters(
                        Filter.builder().name("attachment.instance-id").values(instanceId).build()))
                .networkInterfaces().stream()
                .map(eni -> new NetworkInterface(
                        eni.networkInterfaceId(),
                        eni.vpcId(),
                        eni.attachment() == null || eni.attachment().deviceIndex() == null
                                ? 0 : eni.attachment().deviceIndex(),
                        eni.groups().stream().map(GroupIdentifier::groupId).toList(),
                        Boolean.TRUE.equals(eni.requesterManaged()),
                        tags(eni.tagSet())))
                .sorted(Comparator.comparingInt(NetworkInterface::deviceIndex))
                .toList();
    }

    private static AutoScalingMembership membership(AutoScalingInstanceDetails details) {
        return new AutoScalingMembership(details.autoScalingGroupName(), details.lifecycleState());
    }

    private static Map<String, String> tags(List<Tag> tags) {
        Map<String, String> result = new LinkedHashMap<>();
        tags.forEach(t -> result.put(t.key(), t.value()));
        return result;
    }
}
