package dev.hubresponder.ticket.servicenow;

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
import java.util.Set;

/**
 * ServiceNow incidents through the Table API ({@code POST /api/now/table/incident}), with basic authentication.
 *
 * <p>The finding's label goes into the incident's {@code correlation_id}, the field ServiceNow keeps for "the id of
 * this record in another system", and the incident is found again with a Table API query on it. Priority follows
 * from {@code impact} and {@code urgency} ({@link TicketPriority}). The integration user needs to read incidents as
 * well as create them (role {@code itil}): ACLs hide records silently, and a query that cannot see the incident
 * would let a retry open a second one.
 */
public final class ServiceNowIncidents extends HttpTicketSystem {
    public static final String NAME = "servicenow";
    /** The default length of {@code short_description}. */
    public static final int SHORT_DESCRIPTION_LIMIT = 160;
    /** The default length of {@code description}. */
    public static final int DESCRIPTION_LIMIT = 4_000;
    static final String SECRET_SHAPE = "{\"username\":\"…\",\"password\":\"…\"}";
    /** Incident states 6 Resolved, 7 Closed, 8 Canceled. */
    private static final Set<String> CLOSED_STATES = Set.of("6", "7", "8");

    private final URI instance;

    /**
     * @param instance {@code https://<instance>.service-now.com}
     */
    public ServiceNowIncidents(URI instance, ProviderHttp http, TicketSecretSource secrets) {
        super(NAME, http, secrets);
        this.instance = Objects.requireNonNull(instance, "instance");
    }

    @Override
    public TicketLookup findByLabel(String dedupLabel) {
        ProviderResponse response = http.get(api("/api/now/table/incident?sysparm_query="
                + encode("correlation_id=" + dedupLabel + "^ORDERBYsys_created_on")
                + "&sysparm_fields=sys_id,number&sysparm_limit=1"), headers());
        if (!response.isSuccess()) {
            return new TicketLookup.Rejected("ServiceNow incident query " + response.refusal());
        }
        JsonNode result = response.body().path("result");
        if (result.isEmpty()) {
            return new TicketLookup.NotFound();
        }
        return new TicketLookup.Found(reference(result.get(0)));
    }

    @Override
    public TicketCreation create(TicketContent content) {
        TicketPriority priority = TicketPriority.of(content.severity());
        ObjectNode body = JsonNodeFactory.instance.objectNode()
                .put("short_description", content.summary(SHORT_DESCRIPTION_LIMIT))
                .put("description", ServiceNowText.render(content, DESCRIPTION_LIMIT))
                .put("impact", priority.serviceNowImpact())
                .put("urgency", priority.serviceNowUrgency())
                .put("correlation_id", content.dedupLabel())
                .put("correlation_display", TicketLabels.PRODUCT_LABEL);
        ProviderResponse response = http.post(api("/api/now/table/incident?sysparm_fields=sys_id,number"),
                headers(), body);
        if (!response.isSuccess()) {
            return new TicketCreation.Rejected("ServiceNow " + response.refusal());
        }
        JsonNode result = response.body().path("result");
        if (result.path("sys_id").asText("").isEmpty() || result.path("number").asText("").isEmpty()) {
            throw new RetryableTicketException("ServiceNow answered " + response.status()
                    + " without an incident number: " + response.excerpt());
        }
        return new TicketCreation.Created(reference(result), List.of());
    }

    @Override
    public TicketStatus status(TicketReference ticket) {
        ProviderResponse response = http.get(api("/api/now/table/incident/" + encode(ticket.id())
                + "?sysparm_fields=state"), headers());
        if (!response.isSuccess()) {
            return TicketStatus.UNKNOWN;
        }
        String state = response.body().path("result").path("state").asText();
        return CLOSED_STATES.contains(state) ? TicketStatus.CLOSED : TicketStatus.OPEN;
    }

    private TicketReference reference(JsonNode incident) {
        String sysId = incident.path("sys_id").asText();
        return new TicketReference(NAME, incident.path("number").asText(),
                base() + "/nav_to.do?uri=" + encode("incident.do?sys_id=" + sysId), sysId);
    }

    private Map<String, String> headers() {
        TicketSecret secret = secrets.read();
        return ProviderHttp.basicAuthJson(secret.require("username", SECRET_SHAPE),
                secret.require("password", SECRET_SHAPE));
    }

    private URI api(String pathAndQuery) {
        return URI.create(base() + pathAndQuery);
    }

    private String base() {
        return ProviderHttp.base(instance);
    }
}
