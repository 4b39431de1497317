package dev.hubresponder.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code ./responder invoke} resolves {@code AWS::Region} and {@code AWS::AccountId} in the template to where the
 * function runs: the {@code --env-vars} file over the shell, as the function's own {@code AWS_REGION} is.
 * Preconditions: none (pure JVM).
 */
class SamTemplateWhereTest {
    private static final Path TEMPLATE = Path.of("..", "template.yaml");
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @Test
    void theEnvVarsFilesRegionAndAccountWinOverTheShell() throws Exception {
        SamTemplate.Where where = LocalInvoker.where(Map.of("AWS_REGION", "us-east-1"),
                Map.of("AWS_REGION", "eu-west-1", "AWS_ACCOUNT_ID", "210987654321"), print());

        String nextStage = SamTemplate.read(TEMPLATE, where).function("BlockAddressesFunction").environment()
                .get("RESPONDER_NEXT_STAGE_FUNCTION");

        assertThat(nextStage).isEqualTo("arn:aws:lambda:eu-west-1:210987654321:function:CreateTicketFunction:live");
        assertThat(log.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void withoutAnAccountTheDefaultOneIsUsedAndSaid() {
        SamTemplate.Where where = LocalInvoker.where(Map.of("AWS_DEFAULT_REGION", "ap-south-1"), Map.of(), print());

        assertThat(where).isEqualTo(new SamTemplate.Where("ap-south-1", "123456789012"));
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("AWS::AccountId is 123456789012")
                .contains("AWS_ACCOUNT_ID");
    }

    @Test
    void anAccountThatIsNotOneIsRefused() {
        assertThatThrownBy(() -> LocalInvoker.where(Map.of(), Map.of("AWS_ACCOUNT_ID", "prod"), print()))
                .hasMessage("AWS_ACCOUNT_ID 'prod' is not a 12-digit account id");
    }

    private PrintStream print() {
        return new PrintStream(log, true, StandardCharsets.UTF_8);
    }
}
