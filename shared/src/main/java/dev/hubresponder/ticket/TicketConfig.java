package dev.hubresponder.ticket;

import dev.hubresponder.config.ConfigurationException;
import dev.hubresponder.ticket.github.GitHubIssues;
import dev.hubresponder.ticket.jira.JiraTickets;
import dev.hubresponder.ticket.servicenow.ServiceNowIncidents;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The ticket function's settings, read once from environment variables and validated at init; a wrong value stops
 * the function with a message naming the variable.
 *
 * <table>
 *   <caption>variables</caption>
 *   <tr><th>variable</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>RESPONDER_TICKET_PROVIDER</td><td>none</td><td>jira, github, servicenow or none</td></tr>
 *   <tr><td>RESPONDER_TICKET_SECRET_ARN</td><td>(required unless none)</td><td>Secrets Manager secret with the
 *       provider's credentials</td></tr>
 *   <tr><td>RESPONDER_TICKET_REOPENED</td><td>false</td><td>a finding that comes back after its ticket was closed
 *       gets a new ticket</td></tr>
 *   <tr><td>RESPONDER_TICKET_HTTP_TIMEOUT_SECONDS</td><td>10</td><td>per request to the provider</td></tr>
 *   <tr><td>RESPONDER_JIRA_URL</td><td>(jira)</td><td>{@code https://<site>.atlassian.net} (or the bare host)</td></tr>
 *   <tr><td>RESPONDER_JIRA_PROJECT</td><td>(jira)</td><td>project key</td></tr>
 *   <tr><td>RESPONDER_JIRA_ISSUE_TYPE</td><td>Task</td><td>issue type name</td></tr>
 *   <tr><td>RESPONDER_JIRA_SET_PRIORITY</td><td>true</td><td>false when the create screen has no priority</td></tr>
 *   <tr><td>RESPONDER_GITHUB_REPOSITORY</td><td>(github)</td><td>{@code owner/repo}</td></tr>
 *   <tr><td>RESPONDER_GITHUB_API_URL</td><td>https://api.github.com</td><td>the API root (GitHub Enterprise
 *       Server: {@code https://<host>/api/v3})</td></tr>
 *   <tr><td>RESPONDER_SERVICENOW_URL</td><td>(servicenow)</td><td>{@code https://<instance>.service-now.com}
 *       (or the bare host)</td></tr>
 * </table>
 *
 * <p>Provider URLs must be https, since credentials travel to them; plain http is accepted only for loopback
 * addresses (local stubs). A bare host name means {@code https://<host>}.
 */
public record TicketConfig(String provider, String secretId, boolean reopen, Duration httpTimeout,
                           JiraTickets.Settings jira, GitHubIssues.Settings github, URI serviceNow) {

    public static final Set<String> PROVIDERS = Set.of(JiraTickets.NAME, GitHubIssues.NAME, ServiceNowIncidents.NAME,
            NoTicketSystem.NAME);
    private static final Pattern JIRA_PROJECT = Pattern.compile("[A-Z][A-Z0-9_]{0,254}");
    private static final Pattern GITHUB_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,100}");

    public static TicketConfig fromEnv(Map<String, String> env) {
        String provider = text(env, "RESPONDER_TICKET_PROVIDER", NoTicketSystem.NAME).toLowerCase(Locale.ROOT);
        if (!PROVIDERS.contains(provider)) {
            throw new ConfigurationException("RESPONDER_TICKET_PROVIDER must be one of jira, github, servicenow, none;"
                    + " was '" + provider + "'");
        }
        boolean none = provider.equals(NoTicketSystem.NAME);
        String secretId = none ? null : required(env, "RESPONDER_TICKET_SECRET_ARN", provider);
        boolean reopen = bool(env, "RESPONDER_TICKET_REOPENED", false);
        Duration timeout = Duration.ofSeconds(seconds(env, "RESPONDER_TICKET_HTTP_TIMEOUT_SECONDS", 10, 1, 60));
        JiraTickets.Settings jira = null;
        GitHubIssues.Settings github = null;
        URI serviceNow = null;
        switch (provider) {
            case JiraTickets.NAME -> {
                String project = required(env, "RESPONDER_JIRA_PROJECT", provider);
                if (!JIRA_PROJECT.matcher(project).matches()) {
                    throw new ConfigurationException("RESPONDER_JIRA_PROJECT must be a Jira project key such as SEC,"
                            + " was '" + project + "'");
                }
                jira = new JiraTickets.Settings(url(env, "RESPONDER_JIRA_URL", null, provider), project,
                        text(env, "RESPONDER_JIRA_ISSUE_TYPE", "Task"),
                        bool(env, "RESPONDER_JIRA_SET_PRIORITY", true));
            }
            case GitHubIssues.NAME -> {
                String repository = required(env, "RESPONDER_GITHUB_REPOSITORY", provider);
                String[] parts = repository.split("/", -1);
                if (parts.length != 2 || !GITHUB_NAME.matcher(parts[0]).matches()
                        || !GITHUB_NAME.matcher(parts[1]).matches()) {
                    throw new ConfigurationException("RESPONDER_GITHUB_REPOSITORY must be owner/repo, was '"
                            + repository + "'");
                }
                github = new GitHubIssues.Settings(url(env, "RESPONDER_GITHUB_API_URL", "https://api.github.com",
                        provider), parts[0], parts[1]);
            }
            case ServiceNowIncidents.NAME -> serviceNow = url(env, "RESPONDER_SERVICENOW_URL", null, provider);
            default -> {
            }
        }
        return new TicketConfig(provider, secretId, reopen, timeout, jira, github, serviceNow);
    }

    private static String text(Map<String, String> env, String name, String fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static String required(Map<String, String> env, String name, String provider) {
        String value = text(env, name, null);
        if (value == null) {
            throw new ConfigurationException(name + " is required when RESPONDER_TICKET_PROVIDER is " + provider);
        }
        return value;
    }

    private static boolean bool(Map<String, String> env, String name, boolean fallback) {
        String value = text(env, name, Boolean.toString(fallback)).toLowerCase(Locale.ROOT);
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigurationException(name + " must be true or false, was '" + value + "'");
        };
    }

    private static long seconds(Map<String, String> env, String name, long fallback, long min, long max) {
        String value = text(env, name, Long.toString(fallback));
        try {
            long seconds = Long.parseLong(value);
            if (seconds < min || seconds > max) {
                throw new ConfigurationException(name + " must be between " + min + " and " + max + " seconds, was "
                        + seconds);
            }
            return seconds;
        } catch (NumberFormatException e) {
            throw new ConfigurationException(name + " must be a whole number of seconds, was '" + value + "'");
        }
    }

    /** A URL, or a bare host name taken as {@code https://<host>}. */
    private static URI url(Map<String, String> env, String name, String fallback, String provider) {
        String value = fallback == null ? required(env, name, provider) : text(env, name, fallback);
        if (!value.contains("://")) {
            value = "https://" + value;
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new ConfigurationException(name + " is not a URL: '" + value + "'");
        }
        String host = uri.getHost();
        boolean loopback = "127.0.0.1".equals(host) || "localhost".equals(host) || "[::1]".equals(host);
        if (host == null || !("https".equals(uri.getScheme()) || ("http".equals(uri.getScheme()) && loopback))) {
            throw new ConfigurationException(name + " must be an https URL (credentials are sent to it), was '"
                    + value + "'");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new ConfigurationException(name + " must not have a query or fragment, was '" + value + "'");
        }
        return uri;
    }
}
