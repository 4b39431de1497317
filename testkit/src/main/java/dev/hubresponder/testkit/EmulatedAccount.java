package dev.hubresponder.testkit;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceBlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.InstanceNetworkInterface;
import software.amazon.awssdk.services.ec2.model.InstanceNetworkInterfaceSpecification;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.ShutdownBehavior;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

/**
 * Builds a small AWS estate in a running moto server, the way a team would have it: a VPC with a subnet, a web
 * instance with two network interfaces (an application one and a management one, each with its own security group)
 * and an EBS volume, in an Auto Scaling group whose target group sends it traffic. Tests and the local demo
 * contain and release that instance.
 *
 * <p>The instance is started with {@code InstanceInitiatedShutdownBehavior=terminate} and without termination
 * protection, so that containment's changes to both, and release's restoring of them, can be seen.
 */
public final class EmulatedAccount implements AutoCloseable {
    private final Ec2Client ec2;
    private final AutoScalingClient autoScaling;
    private final ElasticLoadBalancingV2Client elb;
    private final String region;

    private EmulatedAccount(URI endpoint) {
        this(ec2Client(endpoint), autoScalingClient(endpoint), elbClient(endpoint), MotoServer.REGION);
    }

    private EmulatedAccount(Ec2Client ec2, AutoScalingClient autoScaling, ElasticLoadBalancingV2Client elb,
                            String region) {
        this.ec2 = ec2;
        this.autoScaling = autoScaling;
        this.elb = elb;
        this.region = region;
    }

    /**
     * Another account and Region of the same emulator (a member account of an organization); its clients are closed
     * by {@link #close()}.
     */
    public static EmulatedAccount in(MotoServer moto, String account, String region) {
        return new EmulatedAccount(moto.client(Ec2Client.builder(), account, region).build(),
                moto.client(AutoScalingClient.builder(), account, region).build(),
                moto.client(ElasticLoadBalancingV2Client.builder(), account, region).build(), region);
    }

    /** An account on the emulator at {@code endpoint}; its clients are closed by {@link #close()}. */
    public static EmulatedAccount on(URI endpoint) {
        return new EmulatedAccount(endpoint);
    }

    public static EmulatedAccount on(MotoServer moto) {
        return on(moto.endpointUri());
    }

    /**
     * A web tier: the instance of {@link WebTier}, tagged with {@code instanceTags} (plus {@code Name=<name>}).
     *
     * @param name names the VPC, groups, Auto Scaling group and target group; unique per account
     */
    public WebTier webTier(String name, Map<String, String> instanceTags) {
        String vpcId = ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16")).vpc().vpcId();
        String subnetId = ec2.createSubnet(r -> r.vpcId(vpcId).cidrBlock("10.0.1.0/24")
                .availabilityZone(region + "a")).subnet().subnetId();
        String appGroup = ec2.createSecurityGroup(r -> r.vpcId(vpcId).groupName(name + "-app")
                .description("application traffic")).groupId();
        String managementGroup = ec2.createSecurityGroup(r -> r.vpcId(vpcId).groupName(name + "-mgmt")
                .description("management traffic")).groupId();
        String imageId = ec2.describeImages(r -> r.owners("amazon")).images().get(0).imageId();
        String launchTemplate = name + "-template";
        ec2.createLaunchTemplate(r -> r.launchTemplateName(launchTemplate)
                .launchTemplateData(d -> d.imageId(imageId).instanceType("t3.micro")));

        String instanceId = runInstance(name, imageId, subnetId, appGroup, managementGroup, instanceTags);
        Instance instance = describe(instanceId);
        List<String> interfaces = instance.networkInterfaces().stream()
                .sorted((a, b) -> Integer.compare(a.attachment().deviceIndex(), b.attachment().deviceIndex()))
                .map(InstanceNetworkInterface::networkInterfaceId)
                .toList();
        List<String> volumes = instance.blockDeviceMappings().stream()
                .map(InstanceBlockDeviceMapping::ebs)
                .map(ebs -> ebs.volumeId())
                .toList();

        String targetGroupArn = elb.createTargetGroup(r -> r.name(name + "-tg").protocol(ProtocolEnum.HTTP).port(80)
                .vpcId(vpcId).targetType(TargetTypeEnum.INSTANCE)).targetGroups().get(0).targetGroupArn();
        String autoScalingGroup = name + "-asg";
        autoScaling.createAutoScalingGroup(r -> r.autoScalingGroupName(autoScalingGroup)
                .launchTemplate(t -> t.launchTemplateName(launchTemplate))
                .minSize(0).maxSize(3).desiredCapacity(0)
                .vpcZoneIdentifier(subnetId)
                .targetGroupARNs(targetGroupArn));
        autoScaling.attachInstances(r -> r.autoScalingGroupName(autoScalingGroup).instanceIds(instanceId));

        return new WebTier(vpcId, subnetId, instanceId, interfaces.get(0), interfaces.get(1), appGroup,
                managementGroup, autoScalingGroup, targetGroupArn, volumes, imageId);
    }

    /** Another instance with one interface in the tier's subnet, outside the Auto Scaling group. */
    public String plainInstance(WebTier tier, String name, Map<String, String> tags) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Name", name);
        all.putAll(tags);
        return ec2.runInstances(r -> r.imageId(tier.imageId()).instanceType("t3.micro").minCount(1).maxCount(1)
                        .subnetId(tier.subnetId()).securityGroupIds(tier.appGroupId())
                        .tagSpecifications(instanceTags(all)))
                .instances().get(0).instanceId();
    }

    /** The instance as EC2 describes it now. */
    public Instance describe(String instanceId) {
        return ec2.describeInstances(r -> r.instanceIds(instanceId)).reservations().get(0).instances().get(0);
    }

    public Ec2Client ec2() {
        return ec2;
    }

    public AutoScalingClient autoScaling() {
        return autoScaling;
    }

    public ElasticLoadBalancingV2Client elb() {
        return elb;
    }

    @Override
    public void close() {
        ec2.close();
        autoScaling.close();
        elb.close();
    }

    /** An EC2 client for the emulator, with optional interceptors (such as {@link RecordedRequests}). */
    public static Ec2Client ec2Client(URI endpoint, ExecutionInterceptor... interceptors) {
        return MotoServer.client(Ec2Client.builder(), endpoint)
                .overrideConfiguration(c -> List.of(interceptors).forEach(c::addExecutionInterceptor))
                .build();
    }

    public static AutoScalingClient autoScalingClient(URI endpoint, ExecutionInterceptor... interceptors) {
        return MotoServer.client(AutoScalingClient.builder(), endpoint)
                .overrideConfiguration(c -> List.of(interceptors).forEach(c::addExecutionInterceptor))
                .build();
    }

    public static ElasticLoadBalancingV2Client elbClient(URI endpoint, ExecutionInterceptor... interceptors) {
        return MotoServer.client(ElasticLoadBalancingV2Client.builder(), endpoint)
                .overrideConfiguration(c -> List.of(interceptors).forEach(c::addExecutionInterceptor))
                .build();
    }

    private String runInstance(String name, String imageId, String subnetId, String appGroup, String managementGroup,
                               Map<String, String> tags) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Name", name);
        all.putAll(tags);
        return ec2.runInstances(r -> r.imageId(imageId).instanceType("t3.micro").minCount(1).maxCount(1)
                        .instanceInitiatedShutdownBehavior(ShutdownBehavior.TERMINATE)
                        .networkInterfaces(
                                InstanceNetworkInterfaceSpecification.builder().deviceIndex(0).subnetId(subnetId)
                                        .groups(appGroup).build(),
                                InstanceNetworkInterfaceSpecification.builder().deviceIndex(1).subnetId(subnetId)
                                        .groups(managementGroup).build())
                        .blockDeviceMappings(b -> b.deviceName("/dev/sda1").ebs(e -> e.volumeSize(8)))
                        .tagSpecifications(instanceTags(all)))
                .instances().get(0).instanceId();
    }

    private static TagSpecification instanceTags(Map<String, String> tags) {
        List<Tag> list = new ArrayList<>();
        tags.forEach((k, v) -> list.add(Tag.builder().key(k).value(v).build()));
        return TagSpecification.builder().resourceType(ResourceType.INSTANCE).tags(list).build();
    }

    /**
     * What {@link #webTier} built.
     *
     * @param primaryInterfaceId   device 0, on {@code appGroupId}
     * @param secondaryInterfaceId device 1, on {@code managementGroupId}
     */
    public record WebTier(String vpcId, String subnetId, String instanceId, String primaryInterfaceId,
                          String secondaryInterfaceId, String appGroupId, String managementGroupId,
                          String autoScalingGroup, String targetGroupArn, List<String> volumeIds, String imageId) {
        public WebTier {
            volumeIds = List.copyOf(volumeIds);
        }

        /** The groups each interface had when built. */
        public Map<String, List<String>> originalGroups() {
            return Map.of(primaryInterfaceId, List.of(appGroupId), secondaryInterfaceId, List.of(managementGroupId));
        }
    }
}
