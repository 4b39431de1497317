package dev.hubresponder.containment.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubresponder.config.ConfigurationException;
import dev.hubresponder.containment.ec2.QuarantineSettings.AutoScalingAction;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuarantineSettingsTest {

    @Test
    void defaultsToStandbyWithSnapshots() {
        QuarantineSettings settings = QuarantineSettings.fromEnv(Map.of());

        assertThat(settings.autoScalingAction()).isEqualTo(AutoScalingAction.STANDBY);
        assertThat(settings.snapshots()).isTrue();
    }

    @Test
    void readsDetachAndSnapshotsOffInAnyCase() {
        QuarantineSettings settings = QuarantineSettings.fromEnv(Map.of("RESPONDER_EC2_ASG_ACTION", " Detach ",
                "RESPONDER_EC2_SNAPSHOTS", "FALSE"));

        assertThat(settings.autoScalingAction()).isEqualTo(AutoScalingAction.DETACH);
        assertThat(settings.snapshots()).isFalse();
    }

    @Test
    void refusesAnUnknownAutoScalingActionNamingTheVariable() {
        assertThatThrownBy(() -> QuarantineSettings.fromEnv(Map.of("RESPONDER_EC2_ASG_ACTION", "terminate")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("RESPONDER_EC2_ASG_ACTION must be standby, detach or none, was 'terminate'");
    }

    @Test
    void refusesASnapshotsValueThatIsNotABoolean() {
        assertThatThrownBy(() -> QuarantineSettings.fromEnv(Map.of("RESPONDER_EC2_SNAPSHOTS", "yes")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("RESPONDER_EC2_SNAPSHOTS");
    }
}
