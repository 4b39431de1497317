package dev.hubresponder.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubresponder.config.ResponderConfig;
import dev.hubresponder.finding.MalformedEventException;
import dev.hubresponder.plan.ResponsePlanner;
import dev.hubresponder.testing.RecordingMetrics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlannedEventTest {
    static final ObjectMapper JSON = new ObjectMapper();
    final RecordingMetrics metrics = new RecordingMetrics();
    final ResponsePlanner planner = new ResponsePlanner(ResponderConfig.fromEnv(Map.of()), JSON, metrics);

    @Test
    void inputThatIsNotJsonIsRefusedWithTheReasonAndCounted() {
        assertThatThrownBy(() -> PlannedEvent.read("{not json".getBytes(StandardCharsets.UTF_8), JSON, planner::plan))
                .isInstanceOf(MalformedEventException.class).hasMessageStartingWith("input is not JSON: ");
        assertThatThrownBy(() -> PlannedEvent.read(new byte[0], JSON, planner::plan))
                .isInstanceOf(MalformedEventException.class).hasMessageStartingWith("input is empty");

        assertThat(metrics.lines).containsExactly("EventRejected", "EventRejected");
    }

    @Test
    void contentAfterTheEventIsRefusedAsTheWholeInput() {
        byte[] trailing = "{\"source\":\"aws.securityhub\",\"detail-type\":\"Security Hub Findings - Imported\"}\n{}"
                .getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> PlannedEvent.read(trailing, JSON, planner::plan))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageStartingWith("input is not JSON: Trailing token");
        assertThat(metrics.lines).containsExactly("EventRejected");
    }

    @Test
    void aDestinationRecordIsUnwrappedToItsEventAndPlanned() throws Exception {
        byte[] event = Files.readAllBytes(Path.of("..", "events", "guardduty-ec2-ssh-bruteforce-target-low.json"));
        byte[] record = JSON.writeValueAsBytes(InvocationRecord.success(JSON,
                "arn:aws:lambda:us-east-1:123456789012:function:BlockAddresses", 1, JSON.readTree(event),
                JSON.createObjectNode().put("stage", "BlockAddresses")));

        PlannedEvent planned = PlannedEvent.read(record, JSON, planner::plan);

        assertThat(planned.handoff().event()).isEqualTo(JSON.readTree(event));
        assertThat(planned.handoff().previousReports()).hasSize(1);
        assertThat(planned.plan().decisions()).singleElement()
                .satisfies(d -> assertThat(d.finding().id()).endsWith("46ba0ac2b0cd1e0ab6c6e2f8f6a8d0f3"));
    }
}
