package dev.hubresponder.aws.ec2;

import dev.hubresponder.containment.ec2.InstanceControls;
import dev.hubresponder.containment.ec2.InstanceDescription.TargetRegistration;
import dev.hubresponder.containment.ec2.QuarantineGroups;
import dev.hubresponder.containment.ec2.QuarantineTags;
import dev.hubresponder.containment.ec2.StepResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingInstanceDetails;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AttributeBooleanValue;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.InstanceAttributeName;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.Ipv6Range;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;

/**
 * Makes containment's changes with EC2, Auto Scaling and ELBv2. Each method reads before it writes where the write
 * is not idempotent by itself, and answers {@code ALREADY_DONE} when there is nothing to do.
 *
 * <p>Interface groups are changed with {@code ModifyNetworkInterfaceAttribute}, one interface at a time:
 * {@code ModifyInstanceAttribute(Groups)} fails on instances with several interfaces (aws-facts §3).
 */
public final class Ec2InstanceControls implements InstanceControls {
    static final String UNTRACKED = "untracked";
    static final String ISOLATION = "isolation";
    private static final String ANY_IPV4 = "0.0.0.0/0";
    private static final String ANY_IPV6 = "::/0";
    private static final String ALL_PROTOCOLS = "-1";

    private final Ec2Client ec2;
    private final AutoScalingClient autoScaling;
    private final ElasticLoadBalancingV2Client elb;
    private final TargetGroupRegistrations targetGroups;

    public Ec2InstanceControls(Ec2Client ec2, AutoScalingClient autoScaling, ElasticLoadBalancingV2Client elb) {
        this.ec2 = Objects.requireNonNull(ec2, "ec2");
        this.autoScaling = Objects.requireNonNull(autoScaling, "autoScaling");
        this.elb = Objects.requireNonNull(elb, "elb");
        this.targetGroups = new TargetGroupRegistrations(elb);
    }

    @Override
    public StepResult protectFromTermination(String instanceId) {
        return restoreTerminationSettings(instanceId, true, "stop");
    }

    @Override
    public StepResult restoreTerminationSettings(String instanceId, boolean terminationProtection,
                                                 String shutdownBehavior) {
        String doing = "ModifyInstanceAttribute disableApiTermination=" + terminationProtection + " on " + instanceId;
        try {
            ec2.modifyInstanceAttribute(r -> r.instanceId(instanceId)
                    .disableApiTermination(AttributeBooleanValue.builder().value(terminationProtection).build()));
            doing = "ModifyInstanceAttribute instanceInitiatedShutdownBehavior=" + shutdownBehavior + " on "
                    + instanceId;
            ec2.modifyInstanceAttribute(r -> r.instanceId(instanceId)
                    .attribute(InstanceAttributeName.INSTANCE_INITIATED_SHUTDOWN_BEHAVIOR)
                    .value(shutdownBehavior));
            return StepResult.done("termination protection " + (terminationProtection ? "on" : "off")
                    + ", shutdown behaviour " + shutdownBehavior + " on " + instanceId);
        } catch (SdkException e) {
            return StepResult.failed(AwsFailures.permanentOrThrow(doing, e));
        }
    }

    @Override
    public QuarantineGroups.Result quarantineGroups(String vpcId) {
        String doing = "finding or creating the quarantine groups of " + vpcId;
        try {
            String untracked = ensureGroup(vpcId, UNTRACKED);
            allowAll(untracked);
            String isolation = ensureGroup(vpcId, ISOLATION);
            revokeAll(isolation);
            return QuarantineGroups.Result.of(new QuarantineGroups(vpcId, untracked, isolation));
        } catch (SdkException e) {
            return QuarantineGroups.Result.failed(AwsFailures.permanentOrThrow(doing, e));
        }
    }

    @Override
    public StepResult setInterfaceGroups(String interfaceId, List<String> groupIds) {
        try {
            ec2.modifyNetworkInterfaceAttribute(r -> r.networkInterfaceId(interfaceId).groups(groupIds));
            return StepResult.done(interfaceId + " now on " + String.join(", ", groupIds));
        } catch (SdkException e) {
            return StepResult.failed(AwsFailures.permanentOrThrow("ModifyNetworkInterfaceAttribute groups="
                    + groupIds + " on " + interfaceId, e));
        }
    }

    @Override
    public StepResult enterStandby(String autoScalingGroup, String instanceId) {
        String doing = "EnterStandby of " + instanceId + " in " + autoScalingGroup;
        return autoScalingStep(doing, instanceId, member -> {
            if (!in(autoScalingGroup, member)) {
                return Optional.of(StepResult.failed(doing + ": " + instanceId + " is not in " + autoScalingGroup
                        + " any more"));
            }
            String state = member.get().lifecycleState();
            if (state.startsWith("Standby") || state.startsWith("EnteringStandby")) {
                return Optional.of(StepResult.alreadyDone(instanceId + " is " + state + " in " + autoScalingGroup));
            }
            if (!"InService".equals(state)) {
                return Optional.of(StepResult.failed(doing + ": its lifecycle state " + state
                        + " does not allow standby"));
            }
            return Optional.empty();
        }, () -> autoScaling.enterStandby(r -> r.autoScalingGroupName(autoScalingGroup).instanceIds(instanceId)
                .shouldDecrementDesiredCapacity(false)), instanceId + " in standby in " + autoScalingGroup);
    }

    @Override
    public StepResult exitStandby(String autoScalingGroup, String instanceId) {
        String doing = "ExitStandby of " + instanceId + " in " + autoScalingGroup;
        return autoScalingStep(doing, instanceId, member -> {
            if (!in(autoScalingGroup, member)) {
                return Optional.of(StepResult.failed(doing + ": " + instanceId + " is no longer in "
                        + autoScalingGroup));
            }
            String state = member.get().lifecycleState();
            return state.startsWith("Standby") ? Optional.empty()
                    : Optional.of(StepResult.alreadyDone(instanceId + " is " + state + " in " + autoScalingGroup));
        }, () -> autoScaling.exitStandby(r -> r.autoScalingGroupName(autoScalingGroup).instanceIds(instanceId)),
                instanceId + " back in service in " + autoScalingGroup);
    }

    @Override
    public StepResult detachFromAutoScaling(String autoScalingGroup, String instanceId) {
        String doing = "DetachInstances of " + instanceId + " from " + autoScalingGroup;
        return autoScalingStep(doing, instanceId, member -> in(autoScalingGroup, member) ? Optional.empty()
                        : Optional.of(StepResult.alreadyDone(instanceId + " is not in " + autoScalingGroup)),
                () -> autoScaling.detachInstances(r -> r.autoScalingGroupName(autoScalingGroup)
                        .instanceIds(instanceId).shouldDecrementDesiredCapacity(false)),
                instanceId + " detached from " + autoScalingGroup);
    }

    @Override
    public StepResult attachToAutoScaling(String autoScalingGroup, String instanceId) {
        String doing = "AttachInstances of " + instanceId + " to " + autoScalingGroup;
        return autoScalingStep(doing, instanceId, member -> member.map(m -> in(autoScalingGroup, member)
                        ? StepResult.alreadyDone(instanceId + " is in " + autoScalingGroup)
                        : StepResult.failed(doing + ": it is now in " + m.autoScalingGroupName())),
                () -> autoScaling.attachInstances(r -> r.autoScalingGroupName(autoScalingGroup)
                        .instanceIds(instanceId)),
                instanceId + " attached to " + autoScalingGroup);
    }

    /**
     * The one shape of every Auto Scaling step: read the instance's group membership, let {@code answer} settle
     * the step from it when no call is needed or allowed, else make {@code call}. Standby and detach never
     * decrement the desired capacity: the group launches a replacement, so the service keeps its capacity.
     */
    private StepResult autoScalingStep(String doing, String instanceId,
            Function<Optional<AutoScalingInstanceDetails>, Optional<StepResult>> answer, Runnable call,
            String done) {
        try {
            Optional<StepResult> settled = answer.apply(membership(instanceId));
            if (settled.isPresent()) {
                return settled.get();
            }
            call.run();
            return StepResult.done(done);
        } catch (SdkException e) {
            return StepResult.failed(AwsFailures.permanentOrThrow(doing, e));
        }
    }

    private static boolean in(String autoScalingGroup, Optional<AutoScalingInstanceDetails> member) {
        return member.isPresent() && autoScalingGroup.equals(member.get().autoScalingGroupName());
    }

    @Override
    public StepResult deregisterFromTargetGroups(String instanceId, String vpcId) {
        String doing = "deregistering " + instanceId + " from its target groups";
        try {
            List<TargetRegistration> registrations = vpcId == null ? List.of() : targetGroups.of(instanceId, vpcId);
            if (registrations.isEmpty()) {
                return StepResult.alreadyDone(instanceId + " is in no target group");
            }
            for (TargetRegistration registration : registrations) {
                doing = "DeregisterTargets " + instanceId + " from " + registration.targetGroupArn();
                elb.deregisterTargets(r -> r.targetGroupArn(registration.targetGroupArn())
                        .targets(target(instanceId, registration)));
            }
            return StepResult.done(instanceId + " deregistered from " + registrations.size() + " target group(s)");
        } catch (SdkException e) {
            return StepResult.failed(AwsFailures.permanentOrThrow(doing, e));
        }
    }

    @Override
    public StepResult registerWithTargetGroups(String instanceId, List<TargetRegistration> registrations) {
        String doing = "registering " + instanceId;
        try {
            for (TargetRegistration registration : registrations) {
                doing = "RegisterTargets " + instanceId + " in " + registration.targetGroupArn();
                elb.registerTargets(r -> r.targetGroupArn(registration.targetGroupArn())
                        .targets(target(instanceId, registration)));
            }
            return StepResult.done(instanceId + " registered in " + registrations.size() + " target group(s)");
        } catch (SdkException e) {
            return StepResult.failed(AwsFailures.permanentOrThrow(doing, e));
        }
    }

    @Override
    public Snapshots snapshotVolumes(String instanceId, List<String> volumeIds, Map<String, String> tags) {
        Map<String, String> snapshots = new LinkedHashMap<>();
        String ledgerId = tags.get(QuarantineTags.LEDGER_ID);
        for (String volumeId : volumeIds) {
            String doing = "CreateSnapshot of " + volumeId + " of " + instanceId;
            try {
                Optional<String> earlier = ledgerId == null ? Optional.empty() : earlierSnapshot(volumeId, ledgerId);
                if (earlier.isPresent()) {
                    snapshots.put(volumeId, earlier.get());
                    continue;
                }
                String description = ("hub-responder evidence of " + instanceId + ", ledger " + ledgerId);
                String snapshotId = ec2.createSnapshot(r -> r.volumeId(volumeId)
                        .description(description.length() > 255 ? description.substring(0, 255) : description)
                        .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.SNAPSHOT)
                                .tags(ec2Tags(tags)).build())).snapshotId();
                snapshots.put(volumeId, snapshotId);
            } catch (SdkException e) {
                return Snapshots.failed(snapshots, AwsFailures.permanentOrThrow(doing, e));
            }
        }
        return Snapshots.of(snapshots);
    }

    @Override
    public StepResult tagInstance(String instanceId, Map<String, String> tags) {
        try {
            ec2.createTags(r -> r.resources(instanceId).tags(ec2Tags(tags)));
            return StepResult.done(instanceId + " tagged " + String.join(", ", tags.keySet()));
        } catch (SdkException e) {
            return StepResult.failed(AwsFailures.permanentOrThrow("CreateTags on " + instanceId, e));
        }
    }

    @Override
    public StepResult untagInstance(String instanceId, Collection<String> keys) {
        try {
            ec2.deleteTags(r -> r.resources(instanceId)
                    .tags(keys.stream().map(k -> Tag.builder().key(k).build()).toList()));
            return StepResult.done("removed " + String.join(", ", keys) + " from " + instanceId);
        } catch (SdkException e) {
            return StepResult.failed(AwsFailures.permanentOrThrow("DeleteTags on " + instanceId, e));
        }
    }

    private Optional<AutoScalingInstanceDetails> membership(String instanceId) {
        return autoScaling.describeAutoScalingInstances(r -> r.instanceIds(instanceId)).autoScalingInstances()
                .stream()
                .filter(i -> instanceId.equals(i.instanceId()))
                .findFirst();
    }

    private Optional<String> earlierSnapshot(String volumeId, String ledgerId) {
        return ec2.describeSnapshots(r -> r.ownerIds("self").filters(
                        Filter.builder().name("volume-id").values(volumeId).build(),
                        Filter.builder().name("tag:" + QuarantineTags.LEDGER_ID).values(ledgerId).build()))
                .snapshots().stream()
                .map(Snapshot::snapshotId)
                .findFirst();
    }

    /** The group of this role in the VPC: found by its tag, else by its name, else created. */
    private String ensureGroup(String vpcId, String role) {
        Optional<SecurityGroup> found = findGroup(vpcId, "tag:" + QuarantineTags.QUARANTINE_GROUP, role);
        if (found.isPresent()) {
            return found.get().groupId();
        }
        String name = groupName(role);
        try {
            return ec2.createSecurityGroup(r -> r.vpcId(vpcId).groupName(name)
                    .description(role.equals(UNTRACKED)
                            ? "hub-responder quarantine step 1: allows all, so tracked connections become untracked"
                            : "hub-responder quarantine step 2: no rules, isolates the instance")
                    .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.SECURITY_GROUP)
                            .tags(Tag.builder().key(QuarantineTags.QUARANTINE_GROUP).value(role).build(),
                                    Tag.builder().key("Name").value(name).build())
                            .build())).groupId();
        } catch (SdkException e) {
            if (!"InvalidGroup.Duplicate".equals(AwsFailures.errorCode(e))) {
                throw e;
            }
            SecurityGroup existing = findGroup(vpcId, "group-name", name).orElseThrow(() -> e);
            ec2.createTags(r -> r.resources(existing.groupId())
                    .tags(Tag.builder().key(QuarantineTags.QUARANTINE_GROUP).value(role).build()));
            return existing.groupId();
        }
    }

    private Optional<SecurityGroup> findGroup(String vpcId, String filter, String value) {
        return ec2.describeSecurityGroups(r -> r.filters(
                        Filter.builder().name("vpc-id").values(vpcId).build(),
                        Filter.builder().name(filter).values(value).build()))
                .securityGroups().stream()
                .findFirst();
    }

    /** Adds whichever of the four allow-all rules (in and out, IPv4 and IPv6) the group lacks. */
    private void allowAll(String groupId) {
        SecurityGroup group = describeGroup(groupId);
        List<IpPermission> ingress = missingAllowAll(group.ipPermissions());
        if (!ingress.isEmpty()) {
            ec2.authorizeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(ingress));
        }
        List<IpPermission> egress = missingAllowAll(group.ipPermissionsEgress());
        if (!egress.isEmpty()) {
            ec2.authorizeSecurityGroupEgress(r -> r.groupId(groupId).ipPermissions(egress));
        }
    }

    /** Revokes every rule the group has, including the default allow-all egress rule a new group gets. */
    private void revokeAll(String groupId) {
        SecurityGroup group = describeGroup(groupId);
        if (!group.ipPermissions().isEmpty()) {
            ec2.revokeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(group.ipPermissions()));
        }
        if (!group.ipPermissionsEgress().isEmpty()) {
            ec2.revokeSecurityGroupEgress(r -> r.groupId(groupId).ipPermissions(group.ipPermissionsEgress()));
        }
    }

    private SecurityGroup describeGroup(String groupId) {
        return ec2.describeSecurityGroups(r -> r.groupIds(groupId)).securityGroups().get(0);
    }

    private static List<IpPermission> missingAllowAll(List<IpPermission> rules) {
        boolean ipv4 = rules.stream().anyMatch(p -> ALL_PROTOCOLS.equals(p.ipProtocol())
                && p.ipRanges().stream().anyMatch(range -> ANY_IPV4.equals(range.cidrIp())));
        boolean ipv6 = rules.stream().anyMatch(p -> ALL_PROTOCOLS.equals(p.ipProtocol())
                && p.ipv6Ranges().stream().anyMatch(range -> ANY_IPV6.equals(range.cidrIpv6())));
        List<IpPermission> missing = new ArrayList<>();
        if (!ipv4) {
            missing.add(IpPermission.builder().ipProtocol(ALL_PROTOCOLS)
                    .ipRanges(IpRange.builder().cidrIp(ANY_IPV4).build()).build());
        }
        if (!ipv6) {
            missing.add(IpPermission.builder().ipProtocol(ALL_PROTOCOLS)
                    .ipv6Ranges(Ipv6Range.builder().cidrIpv6(ANY_IPV6).build()).build());
        }
        return missing;
    }

    static String groupName(String role) {
        return "hub-responder-" + role;
    }

    private static TargetDescription target(String instanceId, TargetRegistration registration) {
        return TargetDescription.builder().id(instanceId).port(registration.port()).build();
    }

    private static List<Tag> ec2Tags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }
}
