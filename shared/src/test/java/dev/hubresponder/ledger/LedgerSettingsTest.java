package dev.hubresponder.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubresponder.config.ConfigurationException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LedgerSettingsTest {
    @Test
    void readsTheTableAndDefaultsTheRest() {
        LedgerSettings settings = LedgerSettings.fromEnv(Map.of("LEDGER_TABLE", "ledger"));

        assertThat(settings).isEqualTo(new LedgerSettings("ledger", Duration.ofDays(400), Duration.ofMinutes(5)));
    }

    @Test
    void refusesToStartWithoutATable() {
        assertThatThrownBy(() -> LedgerSettings.fromEnv(Map.of()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("LEDGER_TABLE");
    }

    @Test
    void refusesARetentionShorterThanSecurityHubKeepsFindings() {
        assertThatThrownBy(() -> LedgerSettings.fromEnv(Map.of("LEDGER_TABLE", "t", "LEDGER_RETENTION_DAYS", "30")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("LEDGER_RETENTION_DAYS")
                .hasMessageContaining("30");
    }

    @Test
    void shortIdOfAKeyIsStable() {
        ActionKey key = new ActionKey("f-1", dev.hubresponder.policy.ResponseAction.TICKET, null);

        assertThat(key.ledgerId()).matches("hr-[0-9a-f]{12}").isEqualTo(new ActionKey("f-1",
                dev.hubresponder.policy.ResponseAction.TICKET, "-").ledgerId());
    }
}
