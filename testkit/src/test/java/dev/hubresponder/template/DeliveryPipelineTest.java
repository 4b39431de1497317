package dev.hubresponder.template;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubresponder.testkit.CfnYaml;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The workflows and the deploy role's trust as the security review asked: the scan gates, only a commit whose CI
 * passed is deployed, the OIDC token is available only to the deploy job behind the protected environment, and
 * the role trusts that environment only, and the Maven wrapper runs only the distribution whose checksum is pinned.
 * Preconditions: none (pure JVM).
 */
class DeliveryPipelineTest {
    private final Map<String, Object> ci = CfnYaml.load(Repository.file(".github/workflows/ci.yml"));
    private final Map<String, Object> deploy = CfnYaml.load(Repository.file(".github/workflows/deploy.yml"));

    @Test
    void everyTrivyScanFailsTheBuildOnHighOrCriticalFindings() {
        List<Map<String, Object>> scans = new ArrayList<>();
        jobs(ci).values().forEach(job -> steps(job).stream()
                .filter(step -> String.valueOf(step.get("uses")).startsWith("aquasecurity/trivy-action@"))
                .forEach(scans::add));

        assertThat(scans).hasSize(2).allSatisfy(step -> {
            Map<String, Object> with = SamTemplate.asMap(step.get("with"));
            assertThat(String.valueOf(with.get("exit-code"))).as(step.get("name") + " exit-code").isEqualTo("1");
            assertThat(String.valueOf(with.get("severity"))).as(step.get("name") + " severity")
                    .isEqualTo("HIGH,CRITICAL");
        });
    }

    @Test
    void deploymentStartsOnlyFromACiRunThatPassedOnAPushToMain() {
        Map<String, Object> on = SamTemplate.asMap(deploy.containsKey("on") ? deploy.get("on") : deploy.get(true));
        assertThat(on.keySet()).containsExactly("workflow_run");
        Map<String, Object> run = SamTemplate.asMap(on.get("workflow_run"));
        assertThat(run.get("workflows")).isEqualTo(List.of("ci"));
        assertThat(run.get("types")).isEqualTo(List.of("completed"));
        assertThat(run.get("branches")).isEqualTo(List.of("main"));

        Map<String, Map<String, Object>> jobs = jobs(deploy);
        jobs.forEach((id, job) -> {
            String gate = String.valueOf(job.get("if"));
            Object needs = job.get("needs");
            String gated = needs == null ? gate : String.valueOf(jobs.get(String.valueOf(needs)).get("if"));
            assertThat(gated).as(id + " runs only after CI passed on a push")
                    .contains("github.event.workflow_run.conclusion == 'success'")
                    .contains("github.event.workflow_run.event == 'push'");
            steps(job).stream().filter(step -> String.valueOf(step.get("uses")).startsWith("actions/checkout@"))
                    .forEach(step -> assertThat(SamTemplate.asMap(step.get("with")).get("ref")).as(id)
                            .isEqualTo("${{ github.event.workflow_run.head_sha }}"));
        });
    }

    @Test
    void onlyTheDeployJobBehindTheEnvironmentMayRequestTheOidcTokenAndItBuildsNothing() {
        List<String> withToken = new ArrayList<>();
        for (Map<String, Object> workflow : List.of(ci, deploy)) {
            jobs(workflow).forEach((id, job) -> {
                Map<String, Object> permissions = orEmpty(job.get("permissions"));
                if (!"write".equals(permissions.get("id-token"))) {
                    return;
                }
                withToken.add(id);
                assertThat(job.get("environment")).as(id).isEqualTo("production");
                steps(job).forEach(step -> assertThat(String.valueOf(step.get("run")))
                        .as(id + " runs no build or test").doesNotContain("mvnw", "sam build", "mvn "));
            });
            assertThat(orEmpty(workflow.get("permissions")).get("id-token")).isNull();
        }
        assertThat(withToken).containsExactly("deploy");
    }

    @Test
    void theDeployRoleTrustsTheProtectedEnvironmentOnly() {
        Map<String, Object> role = SamTemplate.asMap(SamTemplate.asMap(CfnYaml.load(
                Repository.file("pipeline/bootstrap.yaml")).get("Resources")).get("GitHubDeployRole"));
        Map<String, Object> trust = SamTemplate.map(SamTemplate.map(role, "Properties"), "AssumeRolePolicyDocument");
        List<?> statements = (List<?>) trust.get("Statement");

        assertThat(statements).hasSize(1);
        Map<String, Object> equals = SamTemplate.map(SamTemplate.map(SamTemplate.asMap(statements.get(0)),
                "Condition"), "StringEquals");
        assertThat(equals.get("token.actions.githubusercontent.com:sub")).isEqualTo(
                Map.of("Fn::Sub", "repo:${GitHubOrg}/${GitHubRepo}:environment:${DeployEnvironment}"));
    }

    @Test
    void theMavenWrapperRefusesADistributionWhoseSha256IsNotThePinnedOne() throws IOException {
        Properties wrapper = new Properties();
        try (var in = Files.newInputStream(Repository.file(".mvn/wrapper/maven-wrapper.properties"))) {
            wrapper.load(in);
        }

        assertThat(wrapper.getProperty("distributionUrl"))
                .matches("https://repo\\.maven\\.apache\\.org/maven2/org/apache/maven/apache-maven/[0-9.]+/"
                        + "apache-maven-[0-9.]+-bin\\.zip");
        assertThat(wrapper.getProperty("distributionSha256Sum")).as("distributionSha256Sum")
                .isNotNull().matches("[0-9a-f]{64}");
        for (String script : List.of("mvnw", "mvnw.cmd")) {
            assertThat(Files.readString(Repository.file(script))).as(script + " checks the pinned sum")
                    .contains("distributionSha256Sum");
        }
    }

    private static Map<String, Object> orEmpty(Object value) {
        return value == null ? Map.of() : SamTemplate.asMap(value);
    }

    private static Map<String, Map<String, Object>> jobs(Map<String, Object> workflow) {
        Map<String, Map<String, Object>> jobs = new java.util.LinkedHashMap<>();
        SamTemplate.asMap(workflow.get("jobs")).forEach((id, job) -> jobs.put(id, SamTemplate.asMap(job)));
        return jobs;
    }

    private static List<Map<String, Object>> steps(Map<String, Object> job) {
        List<Map<String, Object>> steps = new ArrayList<>();
        Object list = job.get("steps");
        if (list instanceof List<?> items) {
            items.forEach(item -> steps.add(SamTemplate.asMap(item)));
        }
        return steps;
    }
}
