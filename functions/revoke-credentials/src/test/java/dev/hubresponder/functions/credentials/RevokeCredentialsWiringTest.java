package dev.hubresponder.functions.credentials;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubresponder.config.ConfigurationException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The function stops at init, naming the variable, rather than failing on its first action. */
class RevokeCredentialsWiringTest {

    @Test
    void refusesToStartWithoutARegion() {
        assertThatThrownBy(() -> RevokeCredentialsWiring.fromEnvironment(Map.of("LEDGER_TABLE", "ledger")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("AWS_REGION");
    }

    @Test
    void refusesToStartWithoutAMetricsNamespace() {
        assertThatThrownBy(() -> RevokeCredentialsWiring.fromEnvironment(Map.of("AWS_REGION", "us-east-1",
                "LEDGER_TABLE", "ledger")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("POWERTOOLS_METRICS_NAMESPACE");
    }

    @Test
    void refusesToStartWithoutALedgerTable() {
        assertThatThrownBy(() -> RevokeCredentialsWiring.fromEnvironment(Map.of("AWS_REGION", "us-east-1",
                "POWERTOOLS_METRICS_NAMESPACE", "HubResponder")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("LEDGER_TABLE");
    }

    @Test
    void refusesToStartWithANeverRevokePatternThatIsNotAnIamArn() {
        assertThatThrownBy(() -> RevokeCredentialsWiring.fromEnvironment(Map.of("AWS_REGION", "us-east-1",
                "POWERTOOLS_METRICS_NAMESPACE", "HubResponder", "LEDGER_TABLE", "ledger",
                "RESPONDER_NEVER_REVOKE_PRINCIPALS", "hub-responder-*")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("RESPONDER_NEVER_REVOKE_PRINCIPALS");
    }
}
