package dev.hubresponder.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * cfn-lint, run as a process on the deployable templates (it applies the SAM transform and validates the result
 * against the CloudFormation resource schemas). Errors fail; warnings are printed for reading.
 * Preconditions: cfn-lint on PATH or in ~/.pyenv/shims (the test fails, naming the install command, without it).
 */
class CfnLintTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"template.yaml", "pipeline/bootstrap.yaml"})
    void reportsNoErrors(String template) {
        ExternalCommand.Result result = ExternalCommand.run(Repository.root(),
                List.of(ExternalCommand.executable("cfn-lint"), template));

        // cfn-lint's exit code is a bit set: 2 errors, 4 warnings, 8 informational; 32 and above a failure to run.
        int code = result.exitCode();
        boolean errors = (code & 2) != 0 || code >= 32;
        if (!errors && !result.output().isBlank()) {
            System.out.println("cfn-lint " + template + " (warnings, exit " + code + "):\n" + result.output());
        }
        assertThat(errors).as("cfn-lint %s exited %d:%n%s", template, code, result.output()).isFalse();
    }
}
