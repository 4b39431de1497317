package dev.hubresponder.functions.waf;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.Serializable;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;
import software.amazon.awssdk.services.wafv2.Wafv2Client;
import software.amazon.awssdk.services.wafv2.model.Scope;

/**
 * With the template's {@code LogLevel=DEBUG}, the function's log (its {@code log4j2.properties}, as shipped) holds
 * no credentials: not the access key id of the {@code Authorization} header, not the session token the SigV4
 * canonical request carries. Powertools applies {@code POWERTOOLS_LOG_LEVEL} with
 * {@code Configurator.setAllLevels} on the root logger, which this test does the same way, then makes the calls
 * the function makes with both HTTP clients it ships. Preconditions: none beyond the JDK (WireMock on 127.0.0.1
 * answers every call; what it answers does not matter).
 */
class NoCredentialsInLogsTest {
    private static final String ACCESS_KEY_ID = "ASIACANARYKEYID00001";
    private static final String SECRET_KEY = "canary/secret/access/key/000000000000001";
    private static final String SESSION_TOKEN = "CanarySessionToken0000000000000000000000000001";

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final AbstractAppender capture = new AbstractAppender("capture", null, null, true, Property.EMPTY_ARRAY) {
        @Override
        public void append(LogEvent event) {
            Serializable text = event.getMessage().getFormattedMessage();
            lines.add(event.getLoggerName() + " " + text);
        }
    };
    private WireMockServer server;
    private Level before;

    @BeforeEach
    void debugEverywhere() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(400).withBody("{}")));
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        before = context.getRootLogger().getLevel();
        capture.start();
        context.getConfiguration().getRootLogger().addAppender(capture, null, null);
        Configurator.setAllLevels(LogManager.getRootLogger().getName(), Level.DEBUG);
    }

    @AfterEach
    void restore() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().getRootLogger().removeAppender("capture");
        Configurator.setAllLevels(LogManager.getRootLogger().getName(), before);
        server.stop();
    }

    @Test
    void debugLoggingOfSignedRequestsShowsNoAccessKeyIdSecretOrSessionToken() {
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
                AwsSessionCredentials.create(ACCESS_KEY_ID, SECRET_KEY, SESSION_TOKEN));
        URI endpoint = URI.create(server.baseUrl());
        try (DynamoDbClient dynamo = DynamoDbClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
             Wafv2Client waf = Wafv2Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                     .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
             SecurityHubClient hub = SecurityHubClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                     .credentialsProvider(credentials).httpClient(ApacheHttpClient.create()).build()) {
            attempt(() -> dynamo.describeTable(r -> r.tableName("hub-responder-ledger")));
            attempt(() -> waf.getIPSet(r -> r.name("blocked").id("id").scope(Scope.REGIONAL)));
            attempt(() -> hub.batchUpdateFindings(r -> r.findingIdentifiers(f -> f.id("f").productArn("p"))));
        }

        assertThat(LogManager.getLogger("software.amazon.awssdk.request").isDebugEnabled()).isTrue();
        assertThat(server.getAllServeEvents()).hasSizeGreaterThanOrEqualTo(3);
        assertThat(String.join("\n", lines)).doesNotContain(ACCESS_KEY_ID).doesNotContain(SECRET_KEY)
                .doesNotContain(SESSION_TOKEN);
    }

    private static void attempt(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException expected) {
            // the stand-in answers 400: only what was logged on the way matters here
        }
    }
}
