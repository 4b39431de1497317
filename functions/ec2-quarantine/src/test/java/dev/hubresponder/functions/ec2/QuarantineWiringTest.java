package dev.hubresponder.functions.ec2;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubresponder.config.ConfigurationException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The function stops at init, naming the variable, rather than failing on its first action. */
class QuarantineWiringTest {

    @Test
    void refusesToStartWithoutARegion() {
        assertThatThrownBy(() -> QuarantineWiring.fromEnvironment(Map.of("LEDGER_TABLE", "ledger")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("AWS_REGION");
    }

    @Test
    void refusesToStartWithoutAMetricsNamespace() {
        assertThatThrownBy(() -> QuarantineWiring.fromEnvironment(Map.of("AWS_REGION", "us-east-1",
                "LEDGER_TABLE", "ledger")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("POWERTOOLS_METRICS_NAMESPACE");
    }

    @Test
    void refusesToStartWithoutALedgerTable() {
        assertThatThrownBy(() -> QuarantineWiring.fromEnvironment(Map.of("AWS_REGION", "us-east-1",
                "POWERTOOLS_METRICS_NAMESPACE", "HubResponder")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("LEDGER_TABLE");
    }
}
