package dev.hubresponder.ticket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubresponder.config.ConfigurationException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TicketConfigTest {
    private static final String ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:tickets-AbCdEf";

    @Test
    void opensNoTicketsByDefault() {
        TicketConfig config = TicketConfig.fromEnv(Map.of());

        assertThat(config.provider()).isEqualTo("none");
        assertThat(config.secretId()).isNull();
        assertThat(config.reopen()).isFalse();
        assertThat(config.httpTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void readsJiraSettings() {
        TicketConfig config = TicketConfig.fromEnv(Map.of("RESPONDER_TICKET_PROVIDER", "Jira",
                "RESPONDER_TICKET_SECRET_ARN", ARN, "RESPONDER_JIRA_URL", "https://acme.atlassian.net",
                "RESPONDER_JIRA_PROJECT", "SEC", "RESPONDER_JIRA_SET_PRIORITY", "false",
                "RESPONDER_TICKET_REOPENED", "true"));

        assertThat(config.provider()).isEqualTo("jira");
        assertThat(config.secretId()).isEqualTo(ARN);
        assertThat(config.reopen()).isTrue();
        assertThat(config.jira()).isEqualTo(new dev.hubresponder.ticket.jira.JiraTickets.Settings(
                URI.create("https://acme.atlassian.net"), "SEC", "Task", false));
    }

    @Test
    void readsGitHubSettingsWithThePublicApiByDefault() {
        TicketConfig config = TicketConfig.fromEnv(Map.of("RESPONDER_TICKET_PROVIDER", "github",
                "RESPONDER_TICKET_SECRET_ARN", ARN, "RESPONDER_GITHUB_REPOSITORY", "acme/security"));

        assertThat(config.github()).isEqualTo(new dev.hubresponder.ticket.github.GitHubIssues.Settings(
                URI.create("https://api.github.com"), "acme", "security"));
    }

    @Test
    void namesTheMissingVariable() {
        assertThatThrownBy(() -> TicketConfig.fromEnv(Map.of("RESPONDER_TICKET_PROVIDER", "servicenow")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("RESPONDER_TICKET_SECRET_ARN is required when RESPONDER_TICKET_PROVIDER is servicenow");
        assertThatThrownBy(() -> TicketConfig.fromEnv(Map.of("RESPONDER_TICKET_PROVIDER", "servicenow",
                "RESPONDER_TICKET_SECRET_ARN", ARN, "RESPONDER_SERVICENOW_URL", "")))
                .hasMessage("RESPONDER_SERVICENOW_URL is required when RESPONDER_TICKET_PROVIDER is servicenow");
    }

    @Test
    void refusesToSendCredentialsOverPlainHttpExceptToLoopback() {
        Map<String, String> env = Map.of("RESPONDER_TICKET_PROVIDER", "servicenow", "RESPONDER_TICKET_SECRET_ARN",
                ARN, "RESPONDER_SERVICENOW_URL", "http://acme.service-now.com");

        assertThatThrownBy(() -> TicketConfig.fromEnv(env)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("RESPONDER_SERVICENOW_URL must be an https URL");
        assertThat(TicketConfig.fromEnv(Map.of("RESPONDER_TICKET_PROVIDER", "servicenow",
                "RESPONDER_TICKET_SECRET_ARN", ARN, "RESPONDER_SERVICENOW_URL", "http://127.0.0.1:8080"))
                .serviceNow()).isEqualTo(URI.create("http://127.0.0.1:8080"));
        assertThat(TicketConfig.fromEnv(Map.of("RESPONDER_TICKET_PROVIDER", "servicenow",
                "RESPONDER_TICKET_SECRET_ARN", ARN, "RESPONDER_SERVICENOW_URL", "acme.service-now.com"))
                .serviceNow()).isEqualTo(URI.create("https://acme.service-now.com"));
    }

    @Test
    void rejectsMalformedValues() {
        assertThatThrownBy(() -> TicketConfig.fromEnv(Map.of("RESPONDER_TICKET_PROVIDER", "trello")))
                .hasMessageContaining("RESPONDER_TICKET_PROVIDER must be one of");
        assertThatThrownBy(() -> TicketConfig.fromEnv(Map.of("RESPONDER_TICKET_PROVIDER", "github",
                "RESPONDER_TICKET_SECRET_ARN", ARN, "RESPONDER_GITHUB_REPOSITORY", "acme/security/extra")))
                .hasMessage("RESPONDER_GITHUB_REPOSITORY must be owner/repo, was 'acme/security/extra'");
        assertThatThrownBy(() -> TicketConfig.fromEnv(Map.of("RESPONDER_TICKET_PROVIDER", "jira",
                "RESPONDER_TICKET_SECRET_ARN", ARN, "RESPONDER_JIRA_URL", "https://acme.atlassian.net",
                "RESPONDER_JIRA_PROJECT", "sec\" OR 1=1")))
                .hasMessageContaining("RESPONDER_JIRA_PROJECT must be a Jira project key");
        assertThatThrownBy(() -> TicketConfig.fromEnv(Map.of("RESPONDER_TICKET_HTTP_TIMEOUT_SECONDS", "0")))
                .hasMessage("RESPONDER_TICKET_HTTP_TIMEOUT_SECONDS must be between 1 and 60 seconds, was 0");
    }
}
