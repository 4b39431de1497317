package dev.hubresponder.ticket.github;

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
import dev.hubresponder.ticket.TicketSecretSource;
import dev.hubresponder.ticket.TicketStatus;
import dev.hubresponder.ticket.http.HttpTicketSystem;
import dev.hubresponder.ticket.http.ProviderHttp;
import dev.hubresponder.ticket.http.ProviderHttp.ProviderResponse;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * GitHub Issues through the REST API ({@code POST /repos/{owner}/{repo}/issues}), with a bearer token.
 *
 * <p>The issue is found again by listing the repository's issues with the finding's label
 * ({@code GET /repos/{owner}/{repo}/issues?labels=…&state=all}) rather than through the search API: the list reads
 * the repository itself and shows an issue as soon as it exists, where search answers from an index that lags.
 *
 * <p>GitHub silently drops the labels of a new issue when the token lacks push access; such an issue cannot be
 * found again by label, so creation reports it as a warning (the ledger alone then prevents duplicates).
 */
public final class GitHubIssues extends HttpTicketSystem {
    public static final String NAME = "github";
    /** GitHub's limit on an issue title. */
    public static final int TITLE_LIMIT = 256;
    /** GitHub's limit on an issue body. */
    public static final int BODY_LIMIT = 65_536;
    static final String SECRET_SHAPE = "{\"token\":\"…\"}";

    private final Settings settings;

    /**
     * @param apiUrl {@code https://api.github.com}, or {@code https://<host>/api/v3} for GitHub Enterprise Server
     * @param owner  the repository's owner
     * @param repo   the repository's name
     */
    public record Settings(URI apiUrl, String owner, String repo) {
        public Settings {
            Objects.requireNonNull(apiUrl, "apiUrl");
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(repo, "repo");
        }
    }

    public GitHubIssues(Settings settings, ProviderHttp http, TicketSecretSource secrets) {
        super(NAME, http, secrets);
        this.settings = settings;
    }

    @Override
    public TicketLookup findByLabel(String dedupLabel) {
        ProviderResponse response = http.get(issues("?labels=" + encode(dedupLabel)
                + "&state=all&sort=created&direction=asc&per_page=10"), headers());
        if (!response.isSuccess()) {
            return new TicketLookup.Rejected("GitHub issue list " + response.refusal());
        }
        for (JsonNode issue : response.body()) {
            if (!issue.has("pull_request")) {
                return new TicketLookup.Found(reference(issue));
            }
        }
        return new TicketLookup.NotFound();
    }

    @Override
    public TicketCreation create(TicketContent content) {
        String body = GitHubMarkdown.render(content);
        if (body.length() > BODY_LIMIT) {
            body = GitHubMarkdown.render(content.shortened(5));
        }
        ObjectNode request = JsonNodeFactory.instance.objectNode()
                .put("title", content.summary(TITLE_LIMIT))
                .put("body", body);
        request.putArray("labels").add(TicketLabels.PRODUCT_LABEL).add(content.dedupLabel())
                .add(TicketPriority.of(content.severity()).githubLabel());
        ProviderResponse response = http.post(issues(""), headers(), request);
        if (!response.isSuccess()) {
            return new TicketCreation.Rejected("GitHub " + response.refusal());
        }
        if (!response.body().path("number").canConvertToInt() || !response.body().has("html_url")) {
            throw new RetryableTicketException("GitHub answered " + response.status()
                    + " without an issue number: " + response.excerpt());
        }
        List<String> warnings = new ArrayList<>();
        boolean labelled = false;
        for (JsonNode label : response.body().path("labels")) {
            labelled |= content.dedupLabel().equals(label.path("name").asText());
        }
        if (!labelled) {
            warnings.add("GitHub dropped the labels of " + reference(response.body()).key()
                    + ": the token lacks push access to " + settings.owner() + "/" + settings.repo()
                    + ", so the issue cannot be found again by label");
        }
        return new TicketCreation.Created(reference(response.body()), warnings);
    }

    @Override
    public TicketStatus status(TicketReference ticket) {
        ProviderResponse response = http.get(issues("/" + encode(ticket.id())), headers());
        if (!response.isSuccess()) {
            return TicketStatus.UNKNOWN;
        }
        return "closed".equals(response.body().path("state").asText()) ? TicketStatus.CLOSED : TicketStatus.OPEN;
    }

    private TicketReference reference(JsonNode issue) {
        String number = issue.path("number").asText();
        return new TicketReference(NAME, settings.owner() + "/" + settings.repo() + "#" + number,
                issue.path("html_url").asText(), number);
    }

    private Map<String, String> headers() {
        return Map.of(
                "Authorization", "Bearer " + secrets.read().require("token", SECRET_SHAPE),
                "Accept", "application/vnd.github+json",
                "X-GitHub-Api-Version", "2022-11-28",
                "User-Agent", "hub-responder",
                "Content-Type", "application/json");
    }

    private URI issues(String suffix) {
        return URI.create(ProviderHttp.base(settings.apiUrl()) + "/repos/" + encode(settings.owner())
                + "/" + encode(settings.repo()) + "/issues" + suffix);
    }
}
