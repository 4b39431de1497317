package dev.hubresponder.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * cfn-lint, run as a process on the deployable templates (it applies the SAM transform and validates the result
 * against the CloudFormation resource schemas). Errors and failures to run fail; warnings are printed for reading.
 * Preconditions: cfn-lint on PATH or in ~/.pyenv/shims (the test fails, naming the install command, without it).
 */
class CfnLintTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"template.yaml", "pipeline/bootstrap.yaml", "templates/member-role.yaml"})
    void reportsNoErrors(String template) {
        ExternalCommand.Result result = ExternalCommand.run(Repository.root(),
                List.of(ExternalCommand.executable("cfn-lint"), template));

        // cfn-lint's exit code is a bit mask: 2 errors, 4 warnings, 8 informational. Any other bit (1 is a crash or a
        // broken install) means the templates were not checked, so only warnings and informational results pass.
        int code = result.exitCode();
        if (code != 0 && !result.output().isBlank()) {
            System.out.println("cfn-lint " + template + " (exit " + code + "):\n" + result.output());
        }
        assertThat(code).as("cfn-lint %s exited %d (only 0, 4, 8 or 12 pass):%n%s", template, code, result.output())
                .isIn(0, 4, 8, 12);
    }
}
