package dev.hubresponder.containment.ecs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class TaskArnTest {

    @Test
    void readsCurrentFormatWithCluster() {
        TaskArn arn = TaskArn.parse("arn:aws:ecs:eu-west-1:111122223333:task/prod-web/0123456789abcdef0123456789abcdef")
                .orElseThrow();

        assertThat(arn.region()).isEqualTo("eu-west-1");
        assertThat(arn.accountId()).isEqualTo("111122223333");
        assertThat(arn.cluster()).contains("prod-web");
        assertThat(arn.taskId()).isEqualTo("0123456789abcdef0123456789abcdef");
    }

    @Test
    void readsOldFormatWithoutCluster() {
        TaskArn arn = TaskArn.parse("arn:aws-us-gov:ecs:us-gov-west-1:111122223333:task/"
                + "1b2c3d4e-5f60-7182-93a4-b5c6d7e8f901").orElseThrow();

        assertThat(arn.partition()).isEqualTo("aws-us-gov");
        assertThat(arn.cluster()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "nginx:alpine (alpine 3.20.3)",
            "arn:aws:ec2:us-east-1:111122223333:instance/i-0abc",
            "arn:aws:ecs:us-east-1:111122223333:task/prod-web/not-a-task-id",
            "arn:aws:ecs:us-east-1:1111:task/prod-web/0123456789abcdef0123456789abcdef",
            "arn:aws:ecs:us-east-1:111122223333:task/prod-web/0123456789abcdef0123456789abcdef; rm -rf /",
            "arn:aws:ecs:us-east-1:111122223333:container-instance/prod-web/0123456789abcdef0123456789abcdef"})
    void rejectsWhatIsNotATaskArnWithAReason(String text) {
        assertThat(TaskArn.parse(text)).isEmpty();
        assertThat(TaskArn.problem(text)).isNotBlank();
    }

    @Test
    void saysWhyAFreeTextResourceIdIsNotATask() {
        assertThat(TaskArn.problem("nginx:alpine (alpine 3.20.3)")).isEqualTo("'nginx:alpine (alpine 3.20.3)' is not an ARN");
        assertThat(TaskArn.problem(null)).isEqualTo("no task ARN given");
    }
}
