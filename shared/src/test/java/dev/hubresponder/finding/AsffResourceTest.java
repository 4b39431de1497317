package dev.hubresponder.finding;

import static dev.hubresponder.finding.FindingJson.MAPPER;
import static dev.hubresponder.finding.FindingJson.asff;
import static dev.hubresponder.finding.FindingJson.at;
import static dev.hubresponder.finding.FindingJson.imported;
import static dev.hubresponder.finding.FindingJson.onlyFinding;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** ASFF resources: what containment needs from EC2 instances, ECS tasks and containers, and tags. */
class AsffResourceTest {
    private static final String CLUSTER = "arn:aws:ecs:us-east-1:123456789012:cluster/prod";
    private static final String TASK = "arn:aws:ecs:us-east-1:123456789012:task/prod/3f1c9a7e5b2d4c6a8e0f1a2b3c4d5e6f";
    private final FindingIntake intake = new FindingIntake(MAPPER);

    static Stream<Arguments> instanceIds() {
        return Stream.of(
                arguments("arn:aws:ec2:us-east-1:123456789012:instance/i-0a1b2c3d4e5f60718", "i-0a1b2c3d4e5f60718"),
                arguments("arn:aws:ec2:us-east-1:123456789012:instance/i-99999999", "i-99999999"),
                arguments("arn:aws-us-gov:ec2:us-gov-west-1:123456789012:instance/i-0a1b2c3d4e5f60718",
                        "i-0a1b2c3d4e5f60718"),
                arguments("arn:aws:ec2:us-east-1:123456789012:instance/i-0A1B2C3D4E5F60718", null),
                arguments("arn:aws:ec2:us-east-1:123456789012:instance/i-0a1b2c3d4e5f6071", null),
                arguments("arn:aws:ec2:us-east-1:123456789012:instance/", null),
                arguments("arn:aws:ec2:us-east-1:123456789012:volume/vol-0a1b2c3d4e5f60718", null),
                arguments("arn:aws:ecs:us-east-1:123456789012:instance/i-0a1b2c3d4e5f60718", null),
                arguments("i-0a1b2c3d4e5f60718", null),
                arguments("web-1", null));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @MethodSource("instanceIds")
    void takesTheInstanceIdFromTheInstanceArnOnly(String resourceId, String instanceId) {
        ObjectNode finding = asff();
        finding.putArray("Resources").addObject().put("Type", "AwsEc2Instance").put("Id", resourceId);

        Resource resource = readOne(finding).resources().get(0);

        assertThat(resource.id()).isEqualTo(resourceId);
        assertThat(resource.ec2() == null ? null : resource.ec2().instanceId()).isEqualTo(instanceId);
    }

    @Test
    void readsNetworkDetailsOfAnInstance() {
        Resource resource = onlyFinding("guardduty-ec2-ssh-bruteforce-target-low.json").resources().get(0);

        assertThat(resource.ec2()).isEqualTo(new Ec2InstanceDetails("i-0b2c3d4e5f6071829", "vpc-0c1d2e3f4a5b6c7d8",
                "subnet-0a9b8c7d6e5f40312", List.of("eni-0a1a2b3b4c5c6d7d8"), List.of("10.0.2.14", "54.210.31.77")));
    }

    @Test
    void readsAnInstanceWithoutDetailsAsItsIdAlone() {
        ObjectNode finding = asff();
        finding.putArray("Resources").addObject().put("Type", "AwsEc2Instance")
                .put("Id", "arn:aws:ec2:us-east-1:123456789012:instance/i-0a1b2c3d4e5f60718");

        assertThat(readOne(finding).resources().get(0).ec2()).isEqualTo(
                new Ec2InstanceDetails("i-0a1b2c3d4e5f60718", null, null, List.of(), List.of()));
    }

    @Test
    void readsTheEcsTaskOfARuntimeFinding() {
        Finding finding = onlyFinding("guardduty-ecs-runtime-reverse-shell-high.json");

        assertThat(finding.resources()).extracting(Resource::type)
                .containsExactly("AwsEcsCluster", "AwsEcsTask", "Container");
        EcsTaskDetails task = finding.resources().get(1).ecs();
        assertThat(task).isEqualTo(new EcsTaskDetails(CLUSTER, TASK,
                "arn:aws:ecs:us-east-1:123456789012:task-definition/checkout:42", "service:checkout",
                "ecs-svc/4718390251936274501"));
        assertThat(task.serviceName()).isEqualTo("checkout");
        assertThat(finding.resources().get(0).ecs()).as("the cluster is not a task").isNull();
        assertThat(finding.resources().get(2).ecs()).as("the container names no task").isNull();
    }

    static Stream<Arguments> taskClusters() {
        return Stream.of(
                arguments("given cluster ARN", CLUSTER, TASK, CLUSTER),
                arguments("no cluster: derived from the task ARN", null, TASK, CLUSTER),
                arguments("a task ARN in ClusterArn, as in AWS's own example: derived", TASK, TASK, CLUSTER),
                arguments("cluster name instead of ARN: derived", "prod", TASK, CLUSTER),
                arguments("old task ARN without cluster and no ClusterArn: unknown", null,
                        "arn:aws:ecs:us-east-1:123456789012:task/3f1c9a7e5b2d4c6a8e0f1a2b3c4d5e6f", null),
                arguments("old task ARN with ClusterArn", CLUSTER,
                        "arn:aws:ecs:us-east-1:123456789012:task/3f1c9a7e5b2d4c6a8e0f1a2b3c4d5e6f", CLUSTER));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("taskClusters")
    void findsTheClusterOfATask(String name, String clusterArn, String taskArn, String expectedCluster) {
        ObjectNode finding = asff();
        ObjectNode task = finding.putArray("Resources").addObject().put("Type", "AwsEcsTask").put("Id", taskArn);
        if (clusterArn != null) {
            at(task, "Details.AwsEcsTask").put("ClusterArn", clusterArn);
        }

        EcsTaskDetails ecs = readOne(finding).resources().get(0).ecs();

        assertThat(ecs.taskArn()).isEqualTo(taskArn);
        assertThat(ecs.clusterArn()).isEqualTo(expectedCluster);
    }

    @Test
    void readsNoTaskFromATaskResourceWhoseIdIsNotATaskArn() {
        ObjectNode finding = asff();
        finding.putArray("Resources").addObject().put("Type", "AwsEcsTask").put("Id", "3f1c9a7e5b2d4c6a");

        assertThat(readOne(finding).resources().get(0).ecs()).isNull();
    }

    static Stream<Arguments> containers() {
        return Stream.<Arguments>of(
                arguments("Container whose id is the task ARN", (Consumer<ObjectNode>) r -> r
                        .put("Type", "Container").put("Id", TASK), TASK),
                arguments("AwsEcsContainer naming the task in Details.Other", (Consumer<ObjectNode>) r -> {
                    r.put("Type", "AwsEcsContainer").put("Id", "checkout-app");
                    at(r, "Details.Other").put("TaskArn", TASK);
                }, TASK),
                arguments("Container naming the task deeper in its details", (Consumer<ObjectNode>) r -> {
                    r.put("Type", "Container").put("Id", "checkout-app");
                    at(r, "Details.Container").putArray("Labels").addObject()
                            .put("com.amazonaws.ecs.task-arn", TASK);
                }, TASK),
                arguments("Container naming no task", (Consumer<ObjectNode>) r -> {
                    r.put("Type", "Container").put("Id", "nginx:alpine (alpine 3.20.3)");
                    at(r, "Details.Container").put("ImageName", "nginx:alpine");
                }, null),
                arguments("Container naming a cluster only", (Consumer<ObjectNode>) r -> {
                    r.put("Type", "Container").put("Id", "checkout-app");
                    at(r, "Details.Other").put("ClusterArn", CLUSTER);
                }, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("containers")
    void findsTheTaskOfAContainerWhenItNamesOne(String name, Consumer<ObjectNode> container, String taskArn) {
        ObjectNode finding = asff();
        container.accept(finding.putArray("Resources").addObject());

        EcsTaskDetails ecs = readOne(finding).resources().get(0).ecs();

        if (taskArn == null) {
            assertThat(ecs).isNull();
        } else {
            assertThat(ecs).isEqualTo(new EcsTaskDetails(CLUSTER, taskArn, null, null, null));
        }
    }

    @Test
    void givesAContainerTheDetailsOfItsTaskFromTheSameFinding() {
        ObjectNode finding = asff();
        ObjectNode container = finding.putArray("Resources").addObject().put("Type", "Container").put("Id", "app");
        at(container, "Details.Other").put("TaskArn", TASK);
        ObjectNode task = finding.withArray("Resources").addObject().put("Type", "AwsEcsTask").put("Id", TASK);
        at(task, "Details.AwsEcsTask").put("Group", "service:checkout").put("ClusterArn", CLUSTER);

        List<Resource> resources = readOne(finding).resources();

        assertThat(resources.get(0).ecs()).isEqualTo(resources.get(1).ecs());
        assertThat(resources.get(0).ecs().serviceName()).isEqualTo("checkout");
    }

    @Test
    void readsResourcesThatAreNotArns() {
        Finding finding = onlyFinding("trivy-container-cve-critical.json");

        Resource container = finding.resources().get(0);
        assertThat(container.type()).isEqualTo("Container");
        assertThat(container.id()).isEqualTo("nginx:alpine (alpine 3.20.3)");
        assertThat(container.hasArn()).isFalse();
        assertThat(container.ec2()).isNull();
        assertThat(container.ecs()).isNull();
    }

    @Test
    void readsTags() {
        ObjectNode finding = asff();
        ObjectNode tags = at(finding.putArray("Resources").addObject().put("Type", "AwsS3Bucket"), "Tags");
        tags.put("hub-responder:protected", "true").put("cost-centre", "42").put("empty", "");
        tags.putNull("none");

        assertThat(readOne(finding).resources().get(0).tags()).isEqualTo(
                Map.of("hub-responder:protected", "true", "cost-centre", "42", "empty", ""));
    }

    @Test
    void readsTheProtectedTagOfAnInstance() {
        Resource resource = onlyFinding("guardduty-ec2-c2-protected-instance-high.json").resources().get(0);

        assertThat(resource.tags()).containsEntry("hub-responder:protected", "true");
        assertThat(resource.ec2().instanceId()).isEqualTo("i-0e5f60718293a4b5c");
    }

    @Test
    void rejectsAFindingWithResourceEntriesOfTheWrongShape() {
        ObjectNode finding = asff();
        finding.putArray("Resources").add("arn:aws:ec2:us-east-1:123456789012:instance/i-0a1b2c3d4e5f60718")
                .addObject().put("Type", 7).put("Id", "arn:aws:s3:::b").put("Region", "us-east-1")
                .putObject("Tags").put("cost-centre", 42);

        SecurityHubEvent event = intake.read(imported(finding));

        assertThat(event.findings()).isEmpty();
        assertThat(event.rejected()).containsExactly(new RejectedFinding("finding-1", "Resources[0] is a string, "
                + "expected an object; Resources[1].Type is a number, expected a string; Resources[1].Tags"
                + "['cost-centre'] is a number, expected a string"));
    }

    private Finding readOne(ObjectNode finding) {
        SecurityHubEvent event = intake.read(imported(finding));
        assertThat(event.rejected()).isEmpty();
        return event.findings().get(0);
    }
}
