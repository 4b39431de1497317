package dev.hubresponder.aws.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubresponder.finding.Severity;
import dev.hubresponder.metrics.ResponderMetrics.ActionResult;
import dev.hubresponder.policy.ResponseAction;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.lambda.powertools.metrics.MetricsBuilder;

/**
 * The EMF lines Powertools metrics 2.9.0 writes for the responder's metrics, read back from standard output.
 * Precondition: {@code AWS_EMF_ENVIRONMENT=Lambda} (set by surefire in shared/pom.xml), so that the EMF library
 * writes to standard output as in Lambda instead of probing for an agent or instance metadata.
 */
class EmfResponderMetricsTest {
    static final ObjectMapper JSON = new ObjectMapper();

    PrintStream original;
    ByteArrayOutputStream captured;
    EmfResponderMetrics metrics;

    @BeforeEach
    void captureStdout() {
        original = System.out;
        captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        metrics = new EmfResponderMetrics(MetricsBuilder.builder().withNamespace("HubResponder")
                .withService("quarantine-instance").build());
    }

    @AfterEach
    void restoreStdout() {
        System.setOut(original);
    }

    List<JsonNode> emitted() throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.contains("\"_aws\"")) {
                docs.add(JSON.readTree(line));
            }
        }
        return docs;
    }

    @Test
    void countsADoneActionByActionAndSeverity() throws IOException {
        metrics.actionEnded(ResponseAction.QUARANTINE_INSTANCE, Severity.CRITICAL, ActionResult.DONE);

        List<JsonNode> docs = emitted();
        assertThat(docs).hasSize(1);
        JsonNode doc = docs.get(0);
        JsonNode directive = doc.path("_aws").path("CloudWatchMetrics").get(0);
        assertThat(directive.path("Namespace").asText()).isEqualTo("HubResponder");
        assertThat(directive.path("Metrics").get(0).path("Name").asText()).isEqualTo("ActionsDone");
        assertThat(directive.path("Dimensions").toString()).isEqualTo("[[\"Service\"],[\"Action\",\"Severity\"]]");
        assertThat(doc.path("ActionsDone").asDouble()).isEqualTo(1.0);
        assertThat(doc.path("Action").asText()).isEqualTo("QUARANTINE_INSTANCE");
        assertThat(doc.path("Severity").asText()).isEqualTo("CRITICAL");
        assertThat(doc.path("Service").asText()).isEqualTo("quarantine-instance");
    }

    @Test
    void aNearlyFullIpSetIsOneCountWithTheSetNamedForTheAlarmReader() throws IOException {
        metrics.ipSetNearlyFull("arn:aws:wafv2:us-east-1:123456789012:regional/ipset/blocked-ipv4/abc", 8001, 10000);

        JsonNode doc = emitted().get(0);
        assertThat(doc.path("IpSetHighWater").asDouble()).isEqualTo(1.0);
        assertThat(doc.path("ipSet").asText()).endsWith("ipset/blocked-ipv4/abc");
        assertThat(doc.path("entries").asText()).isEqualTo("8001");
        assertThat(doc.path("capacity").asText()).isEqualTo("10000");
    }

    @Test
    void anAbsurdFirstSightingNeitherThrowsNorWritesANegativeTime() throws IOException {
        Instant now = Instant.parse("2026-11-26T10:00:00Z");

        metrics.timeToContain(ResponseAction.BLOCK_ADDRESS, Severity.CRITICAL, Duration.between(Instant.MIN, now));
        metrics.timeToContain(ResponseAction.BLOCK_ADDRESS, Severity.CRITICAL,
                Duration.between(now.plusSeconds(60), now));

        List<JsonNode> docs = emitted();
        assertThat(docs).hasSize(1);
        assertThat(docs.get(0).path("TimeToContain").asDouble()).isGreaterThan(3e16);
    }

    @Test
    void writesTimeToContainInSeconds() throws IOException {
        metrics.timeToContain(ResponseAction.STOP_TASK, Severity.HIGH, Duration.ofSeconds(95));

        JsonNode doc = emitted().get(0);
        assertThat(doc.path("TimeToContain").asDouble()).isEqualTo(95.0);
        assertThat(doc.path("_aws").path("CloudWatchMetrics").get(0).path("Metrics").get(0).path("Unit").asText())
                .isEqualTo("Seconds");
    }

    @Test
    void capReachedCarriesTheAccountWithoutMakingItADimension() throws IOException {
        metrics.containmentCapReached("111122223333");

        JsonNode doc = emitted().get(0);
        assertThat(doc.path("ContainmentCapReached").asDouble()).isEqualTo(1.0);
        assertThat(doc.path("account").asText()).isEqualTo("111122223333");
        assertThat(doc.path("_aws").path("CloudWatchMetrics").get(0).path("Dimensions").get(0))
                .extracting(JsonNode::asText).containsExactly("Service");
    }
}
