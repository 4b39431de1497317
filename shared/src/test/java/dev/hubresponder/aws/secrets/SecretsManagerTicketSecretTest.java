package dev.hubresponder.aws.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubresponder.config.ConfigurationException;
import dev.hubresponder.testkit.MotoServer;
import dev.hubresponder.ticket.TicketSecret;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Ticket credentials read from Secrets Manager, emulated by moto_server on 127.0.0.1.
 * Preconditions: {@code moto_server} installed (on PATH or in ~/.pyenv/shims); the test fails if it is missing.
 */
class SecretsManagerTicketSecretTest {
    private static MotoServer moto;
    private static SecretsManagerClient client;

    @BeforeAll
    static void startMoto() {
        moto = MotoServer.start();
        client = moto.client(SecretsManagerClient.builder())
                .build();
    }

    @AfterAll
    static void stopMoto() {
        client.close();
        moto.close();
    }

    @BeforeEach
    void reset() {
        moto.reset();
    }

    private static String createSecret(String name, String value) {
        return client.createSecret(r -> r.name(name).secretString(value)).arn();
    }

    private static SecretsManagerTicketSecret source(String secretId) {
        return SecretsManagerTicketSecret.create(secretId, client, Duration.ofHours(1), new ObjectMapper());
    }

    @Test
    void readsTheProvidersCredentialsFromTheSecret() {
        String arn = createSecret("hub-responder/jira", "{\"email\":\"sec-bot@example.com\",\"apiToken\":\"tok-1\"}");

        TicketSecret secret = source(arn).read();

        assertThat(secret.require("email", "{}")).isEqualTo("sec-bot@example.com");
        assertThat(secret.require("apiToken", "{}")).isEqualTo("tok-1");
        assertThat(secret.toString()).doesNotContain("sec-bot@example.com", "tok-1").contains("apiToken", arn);
    }

    @Test
    void readsTheSecretOncePerExecutionEnvironment() {
        String arn = createSecret("hub-responder/github", "{\"token\":\"ghp_first\"}");
        SecretsManagerTicketSecret source = source(arn);
        source.read();

        client.putSecretValue(r -> r.secretId(arn).secretString("{\"token\":\"ghp_rotated\"}"));

        assertThat(source.read().require("token", "{}")).isEqualTo("ghp_first");
        assertThat(source(arn).read().require("token", "{}")).isEqualTo("ghp_rotated");
    }

    @Test
    void aMissingSecretIsAConfigurationErrorNamingIt() {
        String arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:nope-AbCdEf";

        assertThatThrownBy(() -> source(arn).read()).isInstanceOf(ConfigurationException.class)
                .hasMessage("ticket secret " + arn + " does not exist (RESPONDER_TICKET_SECRET_ARN)");
    }

    @Test
    void aSecretThatIsNotJsonIsAConfigurationErrorThatDoesNotPrintIt() {
        String arn = createSecret("hub-responder/servicenow", "username=admin password=hunter2");

        assertThatThrownBy(() -> source(arn).read()).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("ticket secret " + arn + " is not a JSON object")
                .hasNoCause()
                .message().doesNotContain("hunter2", "admin");
    }

    @Test
    void aSecretWithoutTheProvidersKeyIsAConfigurationErrorNamingTheKey() {
        String arn = createSecret("hub-responder/servicenow", "{\"user\":\"admin\",\"password\":\"hunter2\"}");

        TicketSecret secret = source(arn).read();

        assertThatThrownBy(() -> secret.require("username", "{\"username\":\"…\",\"password\":\"…\"}"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("ticket secret " + arn + " has no non-empty \"username\"; it must be a JSON object "
                        + "{\"username\":\"…\",\"password\":\"…\"} (keys present: [password, user])");
    }
}
