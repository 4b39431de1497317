package dev.hubresponder.aws.securityhub;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubresponder.finding.Finding;
import dev.hubresponder.finding.FindingSchema;
import dev.hubresponder.finding.ResourceRole;
import dev.hubresponder.finding.Severity;
import dev.hubresponder.ticket.ProviderStub;
import dev.hubresponder.ticket.RetryableTicketException;
import dev.hubresponder.ticket.TestFindings;
import dev.hubresponder.ticket.TicketBacklink;
import dev.hubresponder.ticket.TicketReference;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;

/**
 * The ticket written back onto the finding, against a WireMock stand-in for Security Hub on 127.0.0.1 answering in
 * AWS's format (moto does not implement BatchUpdateFindings). Preconditions: none beyond the JDK.
 */
class SecurityHubTicketBacklinkTest {
    private static final TicketReference TICKET = new TicketReference("jira", "SEC-1",
            "https://acme.atlassian.net/browse/SEC-1", "10001");

    private ProviderStub stub;
    private SecurityHubClient client;
    private SecurityHubTicketBacklink backlink;

    @BeforeEach
    void start() {
        stub = new ProviderStub();
        client = SecurityHubClient.builder()
                .endpointOverride(stub.baseUrl())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .httpClient(ApacheHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD).retryStrategy(b -> b.maxAttempts(1)))
                .build();
        backlink = new SecurityHubTicketBacklink(client);
    }

    @AfterEach
    void stop() {
        client.close();
        stub.close();
    }

    @Test
    void putsTheTicketInTheNoteAndUserDefinedFields() throws Exception {
        stub.server.stubFor(patch(urlEqualTo("/findings/batchupdate")).willReturn(okJson(
                "{\"ProcessedFindings\":[{\"Id\":\"" + TestFindings.GUARDDUTY_ID + "\",\"ProductArn\":\""
                        + TestFindings.GUARDDUTY_PRODUCT + "\"}],\"UnprocessedFindings\":[]}")));

        TicketBacklink.Result result = backlink.link(TestFindings.sshBruteForce(), TICKET);

        assertThat(result).isEqualTo(new TicketBacklink.Result.Linked());
        assertThat(ProviderStub.json(stub.requests().get(0))).isEqualTo(ProviderStub.MAPPER.readTree("""
                {"FindingIdentifiers":[{"Id":"%s","ProductArn":"%s"}],
                 "Note":{"Text":"hub-responder opened ticket SEC-1: https://acme.atlassian.net/browse/SEC-1",
                         "UpdatedBy":"hub-responder"},
                 "UserDefinedFields":{"hub-responder.ticketKey":"SEC-1",
                                      "hub-responder.ticketUrl":"https://acme.atlassian.net/browse/SEC-1"}}
                """.formatted(TestFindings.GUARDDUTY_ID, TestFindings.GUARDDUTY_PRODUCT)));
    }

    @Test
    void commentsOnAnOcsfFinding() throws Exception {
        stub.server.stubFor(patch(urlEqualTo("/findingsv2/batchupdatev2"))
                .willReturn(okJson("{\"ProcessedFindings\":[],\"UnprocessedFindings\":[]}")));
        Finding ocsf = new Finding(FindingSchema.OCSF, "uid-1", "arn:aws:securityhub:us-east-1::productv2/aws/x",
                null, null, "123456789012", "us-east-1", List.of(), Severity.HIGH, null, "ACTIVE", "NEW", "t", "d",
                null, null, null, List.of(), List.of(), ResourceRole.UNKNOWN, Map.of(), "meta-1");

        assertThat(backlink.link(ocsf, TICKET)).isEqualTo(new TicketBacklink.Result.Linked());
        assertThat(ProviderStub.json(stub.requests().get(0))).isEqualTo(ProviderStub.MAPPER.readTree(
                "{\"MetadataUids\":[\"meta-1\"],\"Comment\":\"hub-responder opened ticket SEC-1: "
                        + "https://acme.atlassian.net/browse/SEC-1\"}"));
    }

    @Test
    void reportsAFindingSecurityHubDoesNotKnowAsNotLinked() {
        stub.server.stubFor(patch(urlEqualTo("/findings/batchupdate")).willReturn(okJson(
                "{\"ProcessedFindings\":[],\"UnprocessedFindings\":[{\"FindingIdentifier\":{\"Id\":\"x\",\"ProductArn\":"
                        + "\"y\"},\"ErrorCode\":\"FindingNotFound\",\"ErrorMessage\":\"Finding not found\"}]}")));

        assertThat(backlink.link(TestFindings.sshBruteForce(), TICKET)).isEqualTo(new TicketBacklink.Result.NotLinked(
                "Security Hub did not update finding " + TestFindings.GUARDDUTY_ID
                        + ": FindingNotFound Finding not found"));
    }

    @Test
    void retriesAConcurrentUpdateAndThrottling() {
        stub.server.stubFor(patch(urlEqualTo("/findings/batchupdate")).willReturn(okJson(
                "{\"ProcessedFindings\":[],\"UnprocessedFindings\":[{\"FindingIdentifier\":{\"Id\":\"x\",\"ProductArn\":"
                        + "\"y\"},\"ErrorCode\":\"ConcurrentUpdateError\",\"ErrorMessage\":\"try again\"}]}")));
        assertThatThrownBy(() -> backlink.link(TestFindings.sshBruteForce(), TICKET))
                .isInstanceOf(RetryableTicketException.class).hasMessageContaining("ConcurrentUpdateError");

        stub.server.resetAll();
        stub.server.stubFor(patch(urlEqualTo("/findings/batchupdate")).willReturn(aResponse().withStatus(429)
                .withHeader("x-amzn-ErrorType", "TooManyRequestsException")
                .withBody("{\"Message\":\"Rate exceeded\"}")));
        assertThatThrownBy(() -> backlink.link(TestFindings.sshBruteForce(), TICKET))
                .isInstanceOf(RetryableTicketException.class).hasMessageContaining("could not note SEC-1");
    }

    @Test
    void reportsARefusedRequestAsNotLinked() {
        stub.server.stubFor(patch(urlEqualTo("/findings/batchupdate")).willReturn(aResponse().withStatus(403)
                .withHeader("x-amzn-ErrorType", "AccessDeniedException")
                .withBody("{\"Message\":\"not authorized to perform securityhub:BatchUpdateFindings\"}")));

        assertThat(backlink.link(TestFindings.sshBruteForce(), TICKET))
                .isInstanceOfSatisfying(TicketBacklink.Result.NotLinked.class, notLinked ->
                        assertThat(notLinked.reason()).contains("securityhub:BatchUpdateFindings"));
    }
}
