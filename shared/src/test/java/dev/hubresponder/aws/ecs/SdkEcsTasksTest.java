package dev.hubresponder.aws.ecs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubresponder.containment.ChangeStatus;
import dev.hubresponder.containment.Lookup;
import dev.hubresponder.containment.LookupStatus;
import dev.hubresponder.containment.ecs.ServiceSnapshot;
import dev.hubresponder.containment.ecs.TaskSnapshot;
import dev.hubresponder.testkit.EmulatedEcs;
import dev.hubresponder.testkit.MotoServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ECS adapter against moto's ECS. Precondition: {@code moto_server} installed (started by the test on a free
 * 127.0.0.1 port; the test fails naming the install command when it is missing). Each test starts from an empty
 * account with the {@link EmulatedEcs} workload.
 */
class SdkEcsTasksTest {
    static MotoServer moto;
    EmulatedEcs workload;
    SdkEcsTasks tasks;

    @BeforeAll
    static void startMoto() {
        moto = MotoServer.start();
    }

    @AfterAll
    static void stopMoto() {
        moto.close();
    }

    @BeforeEach
    void freshWorkload() {
        moto.reset();
        workload = EmulatedEcs.create(moto);
        tasks = new SdkEcsTasks(workload.ecs());
    }

    @AfterEach
    void closeClients() {
        workload.close();
    }

    @Test
    void describesTaskWithTagsImagesAndNetworkInterface() {
        String arn = workload.runStandaloneTask(Map.of("team", "payments"));

        Lookup<TaskSnapshot> found = tasks.describeTask(EmulatedEcs.CLUSTER, arn);

        assertThat(found.status()).isEqualTo(LookupStatus.FOUND);
        TaskSnapshot task = found.value();
        assertThat(task.taskArn()).isEqualTo(arn);
        assertThat(task.taskDefinitionArn()).isEqualTo(workload.taskDefinitionArn());
        assertThat(task.tags()).containsEntry("team", "payments");
        assertThat(task.launchType()).isEqualTo("FARGATE");
        assertThat(task.group()).isEqualTo("family:" + EmulatedEcs.FAMILY);
        assertThat(task.containers()).singleElement()
                .satisfies(c -> assertThat(c.image()).isEqualTo(EmulatedEcs.IMAGE));
        assertThat(task.networkInterfaces()).singleElement().satisfies(eni -> {
            assertThat(eni.networkInterfaceId()).startsWith("eni-");
            assertThat(eni.privateIpv4Address()).isNotBlank();
        });
    }

    @Test
    void reportsUnknownTaskAsMissing() {
        workload.runStandaloneTask(Map.of());
        String unknown = workload.clusterArn().replace(":cluster/", ":task/") + "/0123456789abcdef0123456789abcdef";

        assertThat(tasks.describeTask(EmulatedEcs.CLUSTER, unknown).status()).isEqualTo(LookupStatus.MISSING);
    }

    @Test
    void reportsUnknownClusterAsMissing() {
        String arn = workload.runStandaloneTask(Map.of());

        assertThat(tasks.describeTask("no-such-cluster", arn).status()).isEqualTo(LookupStatus.MISSING);
    }

    @Test
    void describesServiceWithTagsAndDesiredCount() {
        workload.tagService(Map.of("owner", "web-team"));

        Lookup<ServiceSnapshot> found = tasks.describeService(EmulatedEcs.CLUSTER, EmulatedEcs.SERVICE);

        assertThat(found.status()).isEqualTo(LookupStatus.FOUND);
        assertThat(found.value().desiredCount()).isEqualTo(EmulatedEcs.SERVICE_DESIRED_COUNT);
        assertThat(found.value().tags()).containsEntry("owner", "web-team");
        assertThat(tasks.describeService(EmulatedEcs.CLUSTER, "no-such-service").status())
                .isEqualTo(LookupStatus.MISSING);
    }

    @Test
    void stopsTaskWithReasonAndChangesDesiredCount() {
        String arn = workload.runServiceTask();

        assertThat(tasks.stopTask(EmulatedEcs.CLUSTER, arn, "finding f-1").status()).isEqualTo(ChangeStatus.DONE);
        assertThat(tasks.setDesiredCount(EmulatedEcs.CLUSTER, EmulatedEcs.SERVICE, 0).status())
                .isEqualTo(ChangeStatus.DONE);

        assertThat(workload.task(arn).lastStatus()).isEqualTo("STOPPED");
        assertThat(workload.task(arn).stoppedReason()).isEqualTo("finding f-1");
        assertThat(workload.service().desiredCount()).isZero();
    }
}
