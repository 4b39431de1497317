package dev.hubresponder.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QueuedHandoverTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ARN = "arn:aws:lambda:us-east-1:123456789012:function:hub-responder-BlockAddresses";

    final Map<String, JsonNode> received = new LinkedHashMap<>();
    Set<String> refusing = Set.of();
    final NextStage ticket = records -> {
        Map<String, String> refused = new LinkedHashMap<>();
        records.forEach((id, record) -> {
            if (refusing.contains(id)) {
                refused.put(id, "Lambda answered 500");
            } else {
                received.put(id, record);
            }
        });
        return refused;
    };
    final QueuedHandover handover = new QueuedHandover(ticket, 5, JSON);

    @Test
    void aSettledEventReachesTheNextStageAsTheRecordADestinationWouldSend() {
        JsonNode event = JSON.createObjectNode().put("id", "event-1");
        JsonNode report = JSON.createObjectNode().put("stage", "BlockAddresses");

        QueuedHandover.Outcome outcome = handover.handOver(List.of(settled("m-1", 1, event, report)), ARN);

        assertThat(outcome.batchResponse()).isEqualTo(Map.of("batchItemFailures", List.of()));
        Handoff handoff = Handoff.unwrap(received.get("m-1"));
        assertThat(handoff.event()).isEqualTo(event);
        assertThat(handoff.previousReports()).containsExactly(report);
        assertThat(handoff.failedStages()).isEmpty();
        assertThat(received.get("m-1").path("requestContext").path("functionArn").asText()).isEqualTo(ARN);
    }

    @Test
    void anUnsettledEventGoesBackToTheQueueUntilItsLastDelivery() {
        JsonNode event = JSON.createObjectNode().put("id", "event-1");

        QueuedHandover.Outcome early = handover.handOver(List.of(unsettled("m-1", 4, event, "WAF throttled")), ARN);
        QueuedHandover.Outcome last = handover.handOver(List.of(unsettled("m-1", 5, event, "WAF throttled")), ARN);

        assertThat(early.deliverAgain()).containsExactly("m-1");
        assertThat(early.gaveUp()).isEmpty();
        assertThat(last.deliverAgain()).isEmpty();
        assertThat(last.gaveUp()).extracting(QueuedHandover.QueuedEvent::messageId).containsExactly("m-1");
        assertThat(Handoff.unwrap(received.get("m-1")).failedStages())
                .containsExactly("RetriesExhausted: not settled after 5 deliveries: WAF throttled");
    }

    @Test
    void anEventTheNextStageRefusesGoesBackToTheQueueAndTheOthersAreHandedOver() {
        refusing = Set.of("m-2");
        JsonNode report = JSON.createObjectNode();

        QueuedHandover.Outcome outcome = handover.handOver(List.of(
                settled("m-1", 1, JSON.createObjectNode().put("id", "e1"), report),
                settled("m-2", 1, JSON.createObjectNode().put("id", "e2"), report)), ARN);

        assertThat(outcome.deliverAgain()).containsExactly("m-2");
        assertThat(outcome.notHandedOver()).containsEntry("m-2", "Lambda answered 500");
        assertThat(outcome.handedOver()).isEqualTo(1);
        assertThat(received).containsOnlyKeys("m-1");
    }

    static QueuedHandover.QueuedEvent settled(String id, int receives, JsonNode event, JsonNode report) {
        return new QueuedHandover.QueuedEvent(id, receives, event, report, null);
    }

    static QueuedHandover.QueuedEvent unsettled(String id, int receives, JsonNode event, String why) {
        return new QueuedHandover.QueuedEvent(id, receives, event, JSON.createObjectNode(), why);
    }
}
