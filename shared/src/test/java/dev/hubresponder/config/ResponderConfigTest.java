package dev.hubresponder.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubresponder.config.ResponderConfig.CustomActionKind;
import dev.hubresponder.finding.Severity;
import dev.hubresponder.policy.ResponseAction;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResponderConfigTest {

    @Test
    void defaultsMatchTheDocumentedPolicy() {
        ResponderConfig c = ResponderConfig.defaults();

        assertThat(c.containSeverities()).containsExactly(Severity.CRITICAL);
        assertThat(c.ticketSeverities()).containsExactlyInAnyOrder(Severity.CRITICAL, Severity.HIGH);
        assertThat(c.alertSeverities()).containsExactlyInAnyOrder(Severity.CRITICAL, Severity.HIGH);
        assertThat(c.dailyDigestSeverities()).containsExactly(Severity.MEDIUM);
        assertThat(c.weeklyDigestSeverities()).containsExactlyInAnyOrder(Severity.LOW, Severity.INFORMATIONAL);
        assertThat(c.trustedProducts()).containsExactly("aws/guardduty");
        assertThat(c.protectedTagKey()).isEqualTo("hub-responder:protected");
        assertThat(c.protectedTagValue()).isEqualTo("true");
        assertThat(c.allowedAccounts()).isEmpty();
        assertThat(c.shadowMode()).isFalse();
        assertThat(c.killSwitch()).isFalse();
        assertThat(c.maxContainmentsPerHour()).isEqualTo(10);
        assertThat(c.customActions()).containsEntry("HubRespIsolate", CustomActionKind.ISOLATE)
                .containsEntry("HubRespTicket", CustomActionKind.TICKET)
                .containsEntry("HubRespRevoke", CustomActionKind.REVOKE).hasSize(7);
    }

    @Test
    void valuesAreReadTrimmedAndCaseInsensitive() {
        ResponderConfig c = ResponderConfig.fromEnv(Map.of(
                "RESPONDER_CONTAIN_SEVERITIES", " critical , High ",
                "RESPONDER_SHADOW_MODE", "TRUE",
                "RESPONDER_SHADOW_ACTIONS", "ticket",
                "RESPONDER_ALLOWED_ACCOUNTS", "111122223333, 444455556666",
                "RESPONDER_MAX_CONTAINMENTS_PER_HOUR", "3"));

        assertThat(c.containSeverities()).containsExactlyInAnyOrder(Severity.CRITICAL, Severity.HIGH);
        assertThat(c.shadowMode()).isTrue();
        assertThat(c.isShadow(ResponseAction.TICKET)).isTrue();
        assertThat(c.isShadow(ResponseAction.QUARANTINE_INSTANCE)).isTrue();
        assertThat(c.isShadow(ResponseAction.ALERT)).isFalse();
        assertThat(c.allowedAccounts()).containsExactlyInAnyOrder("111122223333", "444455556666");
        assertThat(c.maxContainmentsPerHour()).isEqualTo(3);
    }

    @Test
    void ticketsAndAlertsOfUntrustedProducersAreCappedAt25AnHourUnlessConfigured() {
        ResponderConfig defaults = ResponderConfig.defaults();
        ResponderConfig set = ResponderConfig.fromEnv(Map.of("RESPONDER_MAX_UNTRUSTED_TICKETS_PER_HOUR", "5",
                "RESPONDER_MAX_UNTRUSTED_ALERTS_PER_HOUR", "0"));

        assertThat(defaults.maxUntrustedTicketsPerHour()).isEqualTo(25);
        assertThat(defaults.maxUntrustedAlertsPerHour()).isEqualTo(25);
        assertThat(set.maxUntrustedTicketsPerHour()).isEqualTo(5);
        assertThat(set.maxUntrustedAlertsPerHour()).isZero();
    }

    @Test
    void emptyTierSwitchesThatTierOff() {
        assertThat(ResponderConfig.fromEnv(Map.of("RESPONDER_CONTAIN_SEVERITIES", "")).containSeverities())
                .isEmpty();
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "RESPONDER_CONTAIN_SEVERITIES|CRITICAL,SEVERE|RESPONDER_CONTAIN_SEVERITIES: 'SEVERE' is not a severity",
        "RESPONDER_SHADOW_MODE|yes|RESPONDER_SHADOW_MODE must be true or false, was 'yes'",
        "RESPONDER_KILL_SWITCH|1|RESPONDER_KILL_SWITCH must be true or false, was '1'",
        "RESPONDER_MAX_CONTAINMENTS_PER_HOUR|ten|RESPONDER_MAX_CONTAINMENTS_PER_HOUR must be a whole number",
        "RESPONDER_MAX_CONTAINMENTS_PER_HOUR|-1|RESPONDER_MAX_CONTAINMENTS_PER_HOUR must be 0 or more",
        "RESPONDER_MAX_UNTRUSTED_TICKETS_PER_HOUR|-1|RESPONDER_MAX_UNTRUSTED_TICKETS_PER_HOUR must be 0 or more",
        "RESPONDER_MAX_UNTRUSTED_ALERTS_PER_HOUR|many|RESPONDER_MAX_UNTRUSTED_ALERTS_PER_HOUR must be a whole number",
        "RESPONDER_ALLOWED_ACCOUNTS|12345|RESPONDER_ALLOWED_ACCOUNTS: '12345' is not a 12-digit account id",
        "RESPONDER_SHADOW_ACTIONS|NUKE|RESPONDER_SHADOW_ACTIONS: 'NUKE' is not an action",
        "RESPONDER_CUSTOM_ACTIONS|HubRespIsolate|RESPONDER_CUSTOM_ACTIONS: 'HubRespIsolate' is not of the form",
        "RESPONDER_CUSTOM_ACTIONS|X=DESTROY|RESPONDER_CUSTOM_ACTIONS: 'DESTROY' is not a custom action kind",
        "RESPONDER_CUSTOM_ACTIONS|ThisIdIsMuchTooLongForSecurityHub=ISOLATE|longer than 20 characters",
        "RESPONDER_CUSTOM_ACTIONS|HubRespBlock=BLOCK,HubRespBlock=UNBLOCK|action id 'HubRespBlock' is given twice",
        "RESPONDER_PROTECTED_TAG_KEY|' '|RESPONDER_PROTECTED_TAG_KEY must not be empty",
        "RESPONDER_PROTECTED_TAG_VALUE|''|RESPONDER_PROTECTED_TAG_VALUE must not be empty",
        "RESPONDER_KILL_SWITCH|''|RESPONDER_KILL_SWITCH must be true or false, was ''",
        "RESPONDER_NEVER_BLOCK_CIDRS|not-a-cidr|RESPONDER_NEVER_BLOCK_CIDRS"
    })
    void wrongValueIsRejectedNamingTheVariable(String name, String value, String message) {
        assertThatThrownBy(() -> {
            ResponderConfig config = ResponderConfig.fromEnv(Map.of(name, value));
            new dev.hubresponder.policy.ResponsePolicy(config);
        }).isInstanceOf(ConfigurationException.class).hasMessageContaining(message);
    }
}
