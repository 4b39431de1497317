package dev.hubresponder.testkit;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.AssignPublicIp;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.NetworkConfiguration;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskField;

/**
 * An ECS workload in a running {@link MotoServer}: a cluster, a Fargate task definition, a service with a running
 * task, and standalone tasks on demand. Tests of task containment and the local demo both start from it.
 *
 * <p>What moto needs that AWS would not (aws-facts §9): container-level {@code memory}, a subnet and security group
 * that exist in a VPC with DNS hostnames enabled, and task states frozen ({@link MotoServer#freezeEcsTaskStates()}), since moto otherwise advances a
 * task's state on every {@code DescribeTasks}. moto's services start no tasks of their own, so a service task is
 * run here with the service's group ({@code service:<name>}) and a deployment-style {@code startedBy}, as ECS
 * does.
 */
public final class EmulatedEcs implements AutoCloseable {
    public static final String CLUSTER = "hub-responder-demo";
    public static final String FAMILY = "web-frontend";
    public static final String SERVICE = "web-frontend";
    public static final String CONTAINER = "web";
    public static final String IMAGE = "public.ecr.aws/nginx/nginx:1.27";
    /** The desired count the service is created with. */
    public static final int SERVICE_DESIRED_COUNT = 2;

    private final MotoServer moto;
    private final EcsClient ecs;
    private final Ec2Client ec2;
    private final String clusterArn;
    private final String taskDefinitionArn;
    private final String subnetId;
    private final String securityGroupId;

    private EmulatedEcs(MotoServer moto, EcsClient ecs, Ec2Client ec2, String clusterArn, String taskDefinitionArn,
                        String subnetId, String securityGroupId) {
        this.moto = moto;
        this.ecs = ecs;
        this.ec2 = ec2;
        this.clusterArn = clusterArn;
        this.taskDefinitionArn = taskDefinitionArn;
        this.subnetId = subnetId;
        this.securityGroupId = securityGroupId;
    }

    /**
     * Creates the workload in the emulator (call after {@link MotoServer#reset()} for a clean account): a VPC with a
     * subnet and security group, the cluster, the task definition, and the service at
     * {@value #SERVICE_DESIRED_COUNT} desired tasks.
     */
    public static EmulatedEcs create(MotoServer moto) {
        Objects.requireNonNull(moto, "moto");
        return create(moto, moto.client(EcsClient.builder()).build(), moto.client(Ec2Client.builder()).build(),
                MotoServer.REGION);
    }

    /** The same workload in another account and Region of the emulator (a member account of an organization). */
    public static EmulatedEcs create(MotoServer moto, String account, String region) {
        Objects.requireNonNull(moto, "moto");
        return create(moto, moto.client(EcsClient.builder(), account, region).build(),
                moto.client(Ec2Client.builder(), account, region).build(), region);
    }

    private static EmulatedEcs create(MotoServer moto, EcsClient ecs, Ec2Client ec2, String region) {
        moto.freezeEcsTaskStates();
        String vpcId = ec2.createVpc(r -> r.cidrBlock("10.20.0.0/16")).vpc().vpcId();
        // moto 5.2 fails RunTask with HTTP 500 unless the task's VPC has DNS hostnames (it names the ENI's DNS name).
        ec2.modifyVpcAttribute(r -> r.vpcId(vpcId).enableDnsHostnames(b -> b.value(true)));
        String subnetId = ec2.createSubnet(r -> r.vpcId(vpcId).cidrBlock("10.20.1.0/24")
                .availabilityZone(region + "a")).subnet().subnetId();
        String groupId = ec2.createSecurityGroup(r -> r.vpcId(vpcId).groupName("web-frontend-tasks")
                .description("web frontend tasks")).groupId();
        String clusterArn = ecs.createCluster(r -> r.clusterName(CLUSTER)).cluster().clusterArn();
        String definitionArn = ecs.registerTaskDefinition(r -> r.family(FAMILY)
                .networkMode(NetworkMode.AWSVPC)
                .requiresCompatibilitiesWithStrings("FARGATE")
                .cpu("256").memory("512")
                .containerDefinitions(c -> c.name(CONTAINER).image(IMAGE).memory(512).essential(true)))
                .taskDefinition().taskDefinitionArn();
        EmulatedEcs emulated = new EmulatedEcs(moto, ecs, ec2, clusterArn, definitionArn, subnetId, groupId);
        ecs.createService(r -> r.cluster(CLUSTER).serviceName(SERVICE).taskDefinition(definitionArn)
                .desiredCount(SERVICE_DESIRED_COUNT).launchType(LaunchType.FARGATE)
                .networkConfiguration(emulated.network()));
        return emulated;
    }

    /** Runs a task as the service's scheduler would (group {@code service:<name>}); returns its ARN. */
    public String runServiceTask() {
        return run("service:" + SERVICE, "ecs-svc/1234567890123456789", Map.of());
    }

    /** Runs a task outside any service, with the given tags; returns its ARN. */
    public String runStandaloneTask(Map<String, String> tags) {
        return run("family:" + FAMILY, "analyst@example.com", tags);
    }

    /** Tags the service (for instance with the protection tag). */
    public void tagService(Map<String, String> tags) {
        ecs.tagResource(r -> r.resourceArn(service().serviceArn()).tags(tags(tags)));
    }

    /** Stops a task as someone other than the responder would. */
    public void stopTask(String taskArn, String reason) {
        ecs.stopTask(r -> r.cluster(CLUSTER).task(taskArn).reason(reason));
    }

    /** The task as ECS describes it now, with its tags; null when ECS does not know it. */
    public Task task(String taskArn) {
        List<Task> tasks = ecs.describeTasks(r -> r.cluster(CLUSTER).tasks(taskArn).include(TaskField.TAGS)).tasks();
        return tasks.stream().filter(t -> t.taskArn().equals(taskArn)).findFirst().orElse(null);
    }

    /** The service as ECS describes it now. */
    public Service service() {
        return ecs.describeServices(r -> r.cluster(CLUSTER).services(SERVICE)).services().get(0);
    }

    public String clusterArn() {
        return clusterArn;
    }

    public String taskDefinitionArn() {
        return taskDefinitionArn;
    }

    public EcsClient ecs() {
        return ecs;
    }

    public MotoServer moto() {
        return moto;
    }

    @Override
    public void close() {
        ecs.close();
        ec2.close();
    }

    private String run(String group, String startedBy, Map<String, String> tags) {
        return ecs.runTask(r -> r.cluster(CLUSTER).taskDefinition(taskDefinitionArn).count(1)
                        .launchType(LaunchType.FARGATE).group(group).startedBy(startedBy)
                        .networkConfiguration(network()).tags(tags(tags)))
                .tasks().get(0).taskArn();
    }

    private NetworkConfiguration network() {
        return NetworkConfiguration.builder()
                .awsvpcConfiguration(a -> a.subnets(subnetId).securityGroups(securityGroupId)
                        .assignPublicIp(AssignPublicIp.DISABLED))
                .build();
    }

    private static List<Tag> tags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }
}
