package dev.hubresponder.ticket;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubresponder.ticket.github.GitHubIssues;
import dev.hubresponder.ticket.http.ProviderHttp;
import dev.hubresponder.ticket.jira.JiraTickets;
import dev.hubresponder.ticket.servicenow.ServiceNowIncidents;
import java.net.http.HttpClient;

/** Builds the configured provider's adapter. */
public final class TicketSystems {
    private TicketSystems() {
    }

    /**
     * @param config  which provider, where
     * @param client  the HTTP client, built once per execution environment
     * @param secrets the provider's credentials, read at first use
     * @param mapper  JSON
     */
    public static TicketSystem create(TicketConfig config, HttpClient client, TicketSecretSource secrets,
                                      ObjectMapper mapper) {
        return switch (config.provider()) {
            case JiraTickets.NAME -> new JiraTickets(config.jira(),
                    new ProviderHttp(JiraTickets.NAME, client, config.httpTimeout(), mapper), secrets);
            case GitHubIssues.NAME -> new GitHubIssues(config.github(),
                    new ProviderHttp(GitHubIssues.NAME, client, config.httpTimeout(), mapper), secrets);
            case ServiceNowIncidents.NAME -> new ServiceNowIncidents(config.serviceNow(),
                    new ProviderHttp(ServiceNowIncidents.NAME, client, config.httpTimeout(), mapper), secrets);
            default -> new NoTicketSystem();
        };
    }
}
