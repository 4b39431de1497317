package dev.hubresponder.handoff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a stage fed by an SQS queue ends a batch: each event it settled goes to the next stage as the record a Lambda
 * destination would send; each event it could not settle yet goes back to the queue through
 * {@code batchItemFailures}, except on its last delivery, when it is handed over as failed so that the ticket and
 * the alert still say what went wrong. An event the next stage could not be given goes back to the queue too: the
 * retry finds its actions in the ledger and only hands it over again.
 */
public final class QueuedHandover {
    private final NextStage next;
    private final int maxReceives;
    private final ObjectMapper mapper;

    /**
     * @param next        the stage after this one
     * @param maxReceives the queue's {@code maxReceiveCount}: the delivery after which the queue gives up on a message
     * @param mapper      builds the records
     */
    public QueuedHandover(NextStage next, int maxReceives, ObjectMapper mapper) {
        this.next = Objects.requireNonNull(next, "next");
        if (maxReceives < 1) {
            throw new IllegalArgumentException("maxReceives must be 1 or more, was " + maxReceives);
        }
        this.maxReceives = maxReceives;
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    /**
     * One queued event as the stage left it.
     *
     * @param messageId    the queue message id
     * @param receiveCount how many times the queue has delivered it
     * @param event        the EventBridge event, handed over as the record's request payload
     * @param report       what the stage returns for it (its {@link StageReport}) when settled
     * @param unsettled    why it is not settled yet (a retryable failure); null when settled
     */
    public record QueuedEvent(String messageId, int receiveCount, JsonNode event, JsonNode report, String unsettled) {
    }

    /**
     * How the batch ended.
     *
     * @param deliverAgain message ids for {@code batchItemFailures}
     * @param gaveUp       the unsettled events handed over as failed on their last delivery
     * @param handedOver   how many records the next stage accepted
     * @param notHandedOver message id → why the next stage could not be given it (also in {@code deliverAgain})
     */
    public record Outcome(List<String> deliverAgain, List<QueuedEvent> gaveUp, int handedOver,
                          Map<String, String> notHandedOver) {
        public Outcome {
            deliverAgain = List.copyOf(deliverAgain);
            gaveUp = List.copyOf(gaveUp);
            notHandedOver = Map.copyOf(notHandedOver);
        }

        /** The answer to Lambda's SQS event source mapping ({@code ReportBatchItemFailures}). */
        public Map<String, List<Map<String, String>>> batchResponse() {
            return Map.of("batchItemFailures", deliverAgain.stream().map(id -> Map.of("itemIdentifier", id)).toList());
        }
    }

    /**
     * Hands the batch over.
     *
     * @param functionArn the stage's own ARN, named in each record as a destination names it
     */
    public Outcome handOver(List<QueuedEvent> events, String functionArn) {
        Map<String, JsonNode> records = new LinkedHashMap<>();
        List<String> again = new ArrayList<>();
        List<QueuedEvent> gaveUp = new ArrayList<>();
        for (QueuedEvent e : events) {
            if (e.unsettled() == null) {
                records.put(e.messageId(), InvocationRecord.success(mapper, functionArn, e.receiveCount(), e.event(),
                        e.report()));
            } else if (e.receiveCount() < maxReceives) {
                again.add(e.messageId());
            } else {
                gaveUp.add(e);
                records.put(e.messageId(), InvocationRecord.failure(mapper, functionArn, e.receiveCount(), e.event(),
                        "RetryableActionException", "not settled after " + e.receiveCount() + " deliveries: "
                                + e.unsettled()));
            }
        }
        Map<String, String> refused = next.handOver(records);
        again.addAll(refused.keySet());
        return new Outcome(again, gaveUp, records.size() - refused.size(), refused);
    }
}
