package dev.hubresponder.ticket.servicenow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.hubresponder.ticket.ProviderStub.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.hubresponder.finding.Severity;
import dev.hubresponder.ticket.ProviderStub;
import dev.hubresponder.ticket.RetryableTicketException;
import dev.hubresponder.ticket.TestFindings;
import dev.hubresponder.ticket.TicketCreation;
import dev.hubresponder.ticket.TicketLookup;
import dev.hubresponder.ticket.TicketReference;
import dev.hubresponder.ticket.TicketStatus;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ServiceNow adapter against a WireMock stand-in for {@code https://<instance>.service-now.com} on 127.0.0.1.
 * Preconditions: none beyond the JDK (WireMock runs in-process).
 */
class ServiceNowIncidentsTest {
    private static final String SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:snow-AbCdEf";
    private static final String BASIC = "Basic " + Base64.getEncoder()
            .encodeToString("hub.responder:s3cret pass".getBytes(StandardCharsets.UTF_8));
    private static final String CREATED = "{\"result\":{\"sys_id\":\"9d385017c611228701d22104cc95c371\","
            + "\"number\":\"INC0010042\"}}";

    private ProviderStub stub;
    private ServiceNowIncidents serviceNow;

    @BeforeEach
    void start() {
        stub = new ProviderStub();
        serviceNow = new ServiceNowIncidents(stub.baseUrl(), stub.http("servicenow"),
                ProviderStub.secret(SECRET, Map.of("username", "hub.responder", "password", "s3cret pass")));
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    @Test
    void createsAnIncidentWithImpactUrgencyAndCorrelationId() {
        stub.server.stubFor(post(urlEqualTo("/api/now/table/incident?sysparm_fields=sys_id,number"))
                .willReturn(aResponse().withStatus(201).withBody(CREATED)));

        TicketCreation creation = serviceNow.create(ProviderStub.smallContent());

        assertThat(creation).isEqualTo(new TicketCreation.Created(new TicketReference("servicenow", "INC0010042",
                stub.baseUrl() + "/nav_to.do?uri=incident.do%3Fsys_id%3D9d385017c611228701d22104cc95c371",
                "9d385017c611228701d22104cc95c371"), List.of()));
        LoggedRequest request = stub.requests().get(0);
        assertThat(request.getHeader("Authorization")).isEqualTo(BASIC);
        assertThat(request.getHeader("Content-Type")).isEqualTo("application/json");
        JsonNode body = json(request);
        assertThat(body.fieldNames()).toIterable().containsExactlyInAnyOrder("short_description", "description",
                "impact", "urgency", "correlation_id", "correlation_display");
        assertThat(body.path("short_description").asText()).isEqualTo("[HIGH] SSH brute force against i-1");
        assertThat(body.path("impact").asText()).isEqualTo("1");
        assertThat(body.path("urgency").asText()).isEqualTo("2");
        assertThat(body.path("correlation_id").asText()).isEqualTo("hub-responder-0123456789abcdef");
        assertThat(body.path("correlation_display").asText()).isEqualTo("hub-responder");
        assertThat(body.path("description").asText()).isEqualTo(ProviderStub.resource("servicenow-description.txt"));
    }

    @Test
    void sendsNoInvisibleCharactersFromTheFinding() {
        stub.server.stubFor(post(urlEqualTo("/api/now/table/incident?sysparm_fields=sys_id,number"))
                .willReturn(aResponse().withStatus(201).withBody(CREATED)));

        serviceNow.create(ProviderStub.contentFor(TestFindings.withInvisibleCharacters(Severity.HIGH)));

        JsonNode body = json(stub.requests().get(0));
        assertThat(TestFindings.invisibleIn(body)).isEmpty();
        assertThat(body.path("short_description").asText()).isEqualTo("[HIGH] SSH brute force");
        assertThat(body.path("description").asText()).contains("nginx:alpine");
    }

    @Test
    void keepsHostileTextPlainWithinServiceNowsLimits() {
        stub.server.stubFor(post(urlEqualTo("/api/now/table/incident?sysparm_fields=sys_id,number"))
                .willReturn(aResponse().withStatus(201).withBody(CREATED)));
        String title = TestFindings.HOSTILE_TITLE + "C".repeat(10_240);

        serviceNow.create(ProviderStub.contentFor(TestFindings.finding("f-hostile", Severity.LOW, title,
                TestFindings.HOSTILE_TITLE + "\n" + "D".repeat(10_000))));

        JsonNode body = json(stub.requests().get(0));
        assertThat(body.path("short_description").asText())
                .hasSizeLessThanOrEqualTo(ServiceNowIncidents.SHORT_DESCRIPTION_LIMIT)
                .startsWith("[LOW] <img src=x").doesNotContain("\n", "\u0000", "\u202E");
        assertThat(body.path("impact").asText() + "/" + body.path("urgency").asText()).isEqualTo("2/3");
        String description = body.path("description").asText();
        assertThat(description).hasSizeLessThanOrEqualTo(ServiceNowIncidents.DESCRIPTION_LIMIT)
                .doesNotContainIgnoringCase("[code]").doesNotContainIgnoringCase("[/code]")
                .contains("[ code]<b>x</b>[/ code]")
                .doesNotContain("\u0000", "\u0007", "\u001b", "\u202E");
    }

    @Test
    void reportsARefusalWithServiceNowsError() {
        stub.server.stubFor(post(urlEqualTo("/api/now/table/incident?sysparm_fields=sys_id,number"))
                .willReturn(aResponse().withStatus(401).withBody(
                        "{\"error\":{\"message\":\"User Not Authenticated\",\"detail\":\"Required to provide Auth "
                                + "information\"},\"status\":\"failure\"}")));

        assertThat(serviceNow.create(ProviderStub.smallContent()))
                .isInstanceOfSatisfying(TicketCreation.Rejected.class, rejected -> assertThat(rejected.reason())
                        .startsWith("ServiceNow answered 401:").contains("User Not Authenticated"));
    }

    @Test
    void throwsRetryableOn429And5xxAndTimeouts() {
        String path = "/api/now/table/incident?sysparm_fields=sys_id,number";
        stub.server.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(429)));
        assertThatThrownBy(() -> serviceNow.create(ProviderStub.smallContent()))
                .isInstanceOf(RetryableTicketException.class).hasMessageContaining("answered 429");

        stub.server.resetAll();
        stub.server.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(500)));
        assertThatThrownBy(() -> serviceNow.create(ProviderStub.smallContent()))
                .isInstanceOf(RetryableTicketException.class).hasMessageContaining("answered 500");

        stub.server.resetAll();
        stub.server.stubFor(post(urlEqualTo(path))
                .willReturn(aResponse().withStatus(201).withBody(CREATED).withFixedDelay(3_000)));
        assertThatThrownBy(() -> serviceNow.create(ProviderStub.smallContent()))
                .isInstanceOf(RetryableTicketException.class).hasMessageContaining("timed out");
    }

    @Test
    void findsTheIncidentByCorrelationId() {
        stub.server.stubFor(get(urlEqualTo("/api/now/table/incident?sysparm_query=correlation_id%3D"
                + "hub-responder-0123456789abcdef%5EORDERBYsys_created_on&sysparm_fields=sys_id,number"
                + "&sysparm_limit=1")).willReturn(okJson("{\"result\":[{\"sys_id\":\"abc\",\"number\":\"INC7\"}]}")));

        TicketLookup lookup = serviceNow.findByLabel("hub-responder-0123456789abcdef");

        assertThat(lookup).isEqualTo(new TicketLookup.Found(new TicketReference("servicenow", "INC7",
                stub.baseUrl() + "/nav_to.do?uri=incident.do%3Fsys_id%3Dabc", "abc")));
        assertThat(stub.requests().get(0).getHeader("Authorization")).isEqualTo(BASIC);
    }

    @Test
    void findsNothingWhenNoIncidentCarriesTheCorrelationId() {
        stub.server.stubFor(get(urlEqualTo("/api/now/table/incident?sysparm_query=correlation_id%3D"
                + "hub-responder-0123456789abcdef%5EORDERBYsys_created_on&sysparm_fields=sys_id,number"
                + "&sysparm_limit=1")).willReturn(okJson("{\"result\":[]}")));

        assertThat(serviceNow.findByLabel("hub-responder-0123456789abcdef")).isEqualTo(new TicketLookup.NotFound());
    }

    @Test
    void readsResolvedClosedAndCanceledAsClosed() {
        for (String[] stateAndId : new String[][]{{"6", "a"}, {"7", "b"}, {"8", "c"}, {"2", "d"}}) {
            stub.server.stubFor(get(urlEqualTo("/api/now/table/incident/" + stateAndId[1] + "?sysparm_fields=state"))
                    .willReturn(okJson("{\"result\":{\"state\":\"" + stateAndId[0] + "\"}}")));
        }

        assertThat(List.of("a", "b", "c", "d", "missing").stream()
                .map(id -> serviceNow.status(new TicketReference("servicenow", "INC", "u", id))).toList())
                .containsExactly(TicketStatus.CLOSED, TicketStatus.CLOSED, TicketStatus.CLOSED, TicketStatus.OPEN,
                        TicketStatus.UNKNOWN);
    }
}
