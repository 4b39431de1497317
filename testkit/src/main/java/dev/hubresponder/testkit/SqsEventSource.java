package dev.hubresponder.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * What Lambda's SQS event source mapping does, on a queue in moto: it reads messages, gives them to the function as
 * one {@code {"Records":[…]}} event in Lambda's format, and deletes the messages the function did not name in
 * {@code batchItemFailures} (which become visible again after the visibility timeout). The batching window and the
 * pollers are Lambda's and are not emulated: {@link #poll} takes what the queue holds, up to the batch size.
 */
public final class SqsEventSource {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SQS_BATCH = 10;

    private final SqsClient sqs;
    private final String queueUrl;
    private final String queueArn;

    private SqsEventSource(SqsClient sqs, String queueUrl, String queueArn) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.queueArn = queueArn;
    }

    /**
     * Creates the queue and the event source reading it. The queue hides a received message for as long as the
     * template's {@code BlockQueue} does (4 minutes): with SQS's 30-second default, a slow machine still polling a
     * large batch got its first messages back and put them in the batch twice.
     */
    public static SqsEventSource create(SqsClient sqs, String queueName) {
        String url = sqs.createQueue(r -> r.queueName(queueName)
                .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "240"))).queueUrl();
        String arn = sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        return new SqsEventSource(sqs, url, arn);
    }

    public String queueArn() {
        return queueArn;
    }

    /** Sends each body as a message, as an EventBridge rule with this queue as its target does. */
    public void send(List<String> bodies) {
        for (int from = 0; from < bodies.size(); from += SQS_BATCH) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = from; i < Math.min(from + SQS_BATCH, bodies.size()); i++) {
                entries.add(SendMessageBatchRequestEntry.builder().id("m" + i).messageBody(bodies.get(i)).build());
            }
            var response = sqs.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));
            if (!response.failed().isEmpty()) {
                throw new IllegalStateException("SQS refused messages: " + response.failed());
            }
        }
    }

    /** Up to {@code batchSize} messages as the function's event; an empty {@code Records} when the queue is empty. */
    public ObjectNode poll(int batchSize) {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode records = event.putArray("Records");
        while (records.size() < batchSize) {
            int wanted = Math.min(SQS_BATCH, batchSize - records.size());
            List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(wanted)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
            if (messages.isEmpty()) {
                break;
            }
            messages.forEach(m -> records.add(record(m)));
        }
        return event;
    }

    /**
     * Deletes the batch's messages except those in the function's {@code batchItemFailures}.
     *
     * @return the number of messages deleted
     */
    public int settle(JsonNode batch, JsonNode response) {
        Set<String> failed = new HashSet<>();
        response.path("batchItemFailures").forEach(f -> failed.add(f.path("itemIdentifier").asText()));
        List<DeleteMessageBatchRequestEntry> done = new ArrayList<>();
        for (JsonNode record : batch.path("Records")) {
            if (!failed.contains(record.path("messageId").asText())) {
                done.add(DeleteMessageBatchRequestEntry.builder().id("d" + done.size())
                        .receiptHandle(record.path("receiptHandle").asText()).build());
            }
        }
        for (int from = 0; from < done.size(); from += SQS_BATCH) {
            List<DeleteMessageBatchRequestEntry> slice = done.subList(from, Math.min(from + SQS_BATCH, done.size()));
            sqs.deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(slice));
        }
        return done.size();
    }

    private ObjectNode record(Message message) {
        ObjectNode record = JSON.createObjectNode();
        record.put("messageId", message.messageId());
        record.put("receiptHandle", message.receiptHandle());
        record.put("body", message.body());
        ObjectNode attributes = record.putObject("attributes");
        message.attributes().forEach((name, value) -> attributes.put(name.toString(), value));
        record.putObject("messageAttributes");
        record.put("md5OfBody", message.md5OfBody());
        record.put("eventSource", "aws:sqs");
        record.put("eventSourceARN", queueArn);
        record.put("awsRegion", queueArn.split(":")[3]);
        return record;
    }
}
