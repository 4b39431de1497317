package dev.hubresponder.ticket.jira;

import static dev.hubresponder.ticket.http.ProviderHttp.encode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubresponder.ticket.RetryableTicketException;
import dev.hubresponder.ticket.TicketContent;
import dev.hubresponder.ticket.TicketCreation;
import dev.hubresponder.ticket.TicketLabels;
import dev.hubresponder.ticket.TicketLookup;
import dev.hubresponder.ticket.TicketPriority;
import dev.hubresponder.ticket.TicketReference;
import dev.hubresponder.ticket.TicketSecret;
import dev.hubresponder.ticket.TicketSecretSource;
import dev.hubresponder.ticket.TicketStatus;
import dev.hubresponder.ticket.http.HttpTicketSystem;
import dev.hubresponder.ticket.http.ProviderHttp;
import dev.hubresponder.ticket.http.ProviderHttp.ProviderResponse;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Jira Cloud through its REST API v3: {@code POST /rest/api/3/issue} with an ADF description, the finding's label
 * and a priority from {@link TicketPriority}; found again with {@code POST /rest/api/3/search/jql} on the label.
 * Basic authentication with an Atlassian account's email and API token.
 *
 * <p>Jira's JQL search is eventually consistent (an issue shows up seconds after it was created). The search runs
 * only when a previous delivery may have created an issue without recording it, and Lambda's first retry comes a
 * minute later, by when the issue is searchable.
 */
public final class JiraTickets extends HttpTicketSystem {
    public static final String NAME = "jira";
    /** Jira's limit on {@code summary}. */
    public static final int SUMMARY_LIMIT = 255;
    static final String SECRET_SHAPE = "{\"email\":\"…\",\"apiToken\":\"…\"}";

    private final Settings settings;

    /**
     * @param site        {@code https://<your-site>.atlassian.net}
     * @param projectKey  the project that receives the issues
     * @param issueType   the issue type's name (Task, Bug, a custom "Security finding" …)
     * @param setPriority false when the project's create screen has no priority field (Jira then answers 400)
     */
    public record Settings(URI site, String projectKey, String issueType, boolean setPriority) {
        public Settings {
            Objects.requireNonNull(site, "site");
            Objects.requireNonNull(projectKey, "projectKey");
            Objects.requireNonNull(issueType, "issueType");
        }
    }

    public JiraTickets(Settings settings, ProviderHttp http, TicketSecretSource secrets) {
        super(NAME, http, secrets);
        this.settings = settings;
    }

    @Override
    public TicketLookup findByLabel(String dedupLabel) {
        ObjectNode search = JsonNodeFactory.instance.objectNode()
                .put("jql", "project = \"" + settings.projectKey() + "\" AND labels = \"" + dedupLabel
                        + "\" ORDER BY created ASC")
                .put("maxResults", 1);
        search.putArray("fields").add("status");
        ProviderResponse response = http.post(api("/rest/api/3/search/jql"), headers(), search);
        if (!response.isSuccess()) {
            return new TicketLookup.Rejected("Jira search " + response.refusal());
        }
        JsonNode issues = response.body().path("issues");
        if (issues.isEmpty()) {
            return new TicketLookup.NotFound();
        }
        JsonNode issue = issues.get(0);
        return new TicketLookup.Found(reference(issue.path("key").asText(), issue.path("id").asText()));
    }

    @Override
    public TicketCreation create(TicketContent content) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ObjectNode fields = body.putObject("fields");
        fields.putObject("project").put("key", settings.projectKey());
        fields.putObject("issuetype").put("name", settings.issueType());
        fields.put("summary", content.summary(SUMMARY_LIMIT));
        fields.set("description", JiraDocument.describe(content));
        fields.putArray("labels").add(TicketLabels.PRODUCT_LABEL).add(content.dedupLabel());
        if (settings.setPriority()) {
            fields.putObject("priority").put("name", TicketPriority.of(content.severity()).jira());
        }
        ProviderResponse response = http.post(api("/rest/api/3/issue"), headers(), body);
        if (!response.isSuccess()) {
            return new TicketCreation.Rejected("Jira " + response.refusal());
        }
        String key = response.body().path("key").asText("");
        if (key.isEmpty()) {
            throw new RetryableTicketException("Jira answered " + response.status() + " without an issue key: "
                    + response.excerpt());
        }
        return new TicketCreation.Created(reference(key, response.body().path("id").asText(key)), List.of());
    }

    @Override
    public TicketStatus status(TicketReference ticket) {
        ProviderResponse response = http.get(api("/rest/api/3/issue/" + encode(ticket.key()) + "?fields=status"),
                headers());
        if (!response.isSuccess()) {
            return TicketStatus.UNKNOWN;
        }
        String category = response.body().path("fields").path("status").path("statusCategory").path("key").asText();
        return "done".equals(category) ? TicketStatus.CLOSED : TicketStatus.OPEN;
    }

    private TicketReference reference(String key, String id) {
        return new TicketReference(NAME, key, siteUrl() + "/browse/" + key, id);
    }

    private Map<String, String> headers() {
        TicketSecret secret = secrets.read();
        return ProviderHttp.basicAuthJson(secret.require("email", SECRET_SHAPE),
                secret.require("apiToken", SECRET_SHAPE));
    }

    private URI api(String pathAndQuery) {
        return URI.create(siteUrl() + pathAndQuery);
    }

    private String siteUrl() {
        return ProviderHttp.base(settings.site());
    }
}
