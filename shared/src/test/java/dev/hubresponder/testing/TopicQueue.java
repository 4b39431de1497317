package dev.hubresponder.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubresponder.testkit.MotoServer;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * An SNS topic with an SQS queue subscribed to it in moto, raw delivery off: what a subscriber receives is SNS's
 * JSON envelope (Subject, Message, MessageAttributes), which {@link #receive} reads back. Further queues can be
 * subscribed with filter policies ({@link #subscribeFiltered}) to check the policies docs/alerts.md documents.
 */
public final class TopicQueue implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final SnsClient sns;
    private final SqsClient sqs;
    private final String topicArn;
    private final String queueUrl;

    private TopicQueue(SnsClient sns, SqsClient sqs, String topicArn, String queueUrl) {
        this.sns = sns;
        this.sqs = sqs;
        this.topicArn = topicArn;
        this.queueUrl = queueUrl;
    }

    /** Creates the topic, the queue and the subscription; the HTTP client is the one the module ships. */
    public static TopicQueue create(MotoServer moto, String topicName, SdkHttpClient http) {
        SnsClient sns = moto.client(SnsClient.builder()).httpClient(http).build();
        SqsClient sqs = moto.client(SqsClient.builder()).httpClient(http).build();
        String topicArn = sns.createTopic(b -> b.name(topicName)).topicArn();
        return new TopicQueue(sns, sqs, topicArn, subscribeQueue(sns, sqs, topicArn, topicName + "-subscriber", null));
    }

    /**
     * Subscribes another queue with a filter policy on message attributes, as a paging subscription would be.
     *
     * @return a reader of that queue only
     */
    public TopicQueue subscribeFiltered(String queueName, String filterPolicy) {
        return new TopicQueue(sns, sqs, topicArn, subscribeQueue(sns, sqs, topicArn, queueName, filterPolicy));
    }

    private static String subscribeQueue(SnsClient sns, SqsClient sqs, String topicArn, String queueName,
                                         String filterPolicy) {
        String queueUrl = sqs.createQueue(b -> b.queueName(queueName)).queueUrl();
        String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        sns.subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(queueArn)
                .attributes(filterPolicy == null ? Map.of() : Map.of("FilterPolicy", filterPolicy)));
        return queueUrl;
    }

    public SnsClient sns() {
        return sns;
    }

    public String topicArn() {
        return topicArn;
    }

    /** Every notification delivered so far, waiting up to {@code wait} for the first one. */
    public List<Delivered> receive(Duration wait) {
        List<Delivered> delivered = new ArrayList<>();
        int waitSeconds = (int) Math.max(0, wait.toSeconds());
        while (true) {
            int seconds = delivered.isEmpty() ? waitSeconds : 0;
            List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(seconds)).messages();
            if (messages.isEmpty()) {
                return delivered;
            }
            for (Message message : messages) {
                delivered.add(Delivered.parse(message.body()));
                sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
        }
    }

    @Override
    public void close() {
        sns.close();
        sqs.close();
    }

    /**
     * One notification as the subscriber got it.
     *
     * @param subject    the envelope's Subject
     * @param message    the envelope's Message (the body published)
     * @param attributes the envelope's MessageAttributes, name → value, each checked to be of type String
     * @param envelope   the whole envelope
     */
    public record Delivered(String subject, String message, Map<String, String> attributes, JsonNode envelope) {
        static Delivered parse(String body) {
            try {
                JsonNode envelope = MAPPER.readTree(body);
                if (!"Notification".equals(envelope.path("Type").asText())) {
                    throw new IllegalStateException("not an SNS notification envelope: " + body.substring(0,
                            Math.min(200, body.length())));
                }
                Map<String, String> attributes = new LinkedHashMap<>();
                envelope.path("MessageAttributes").fields().forEachRemaining(e -> {
                    if (!"String".equals(e.getValue().path("Type").asText())) {
                        throw new IllegalStateException("attribute " + e.getKey() + " is not a String: " + e.getValue());
                    }
                    attributes.put(e.getKey(), e.getValue().path("Value").asText());
                });
                return new Delivered(envelope.path("Subject").isNull() ? null : envelope.path("Subject").asText(null),
                        envelope.path("Message").asText(), attributes, envelope);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Bytes SNS counts: the message plus each attribute's name, type and value, in UTF-8. */
        public int snsSize() {
            int size = utf8(message);
            for (Map.Entry<String, String> a : attributes.entrySet()) {
                size += utf8(a.getKey()) + utf8("String") + utf8(a.getValue());
            }
            return size;
        }

        private static int utf8(String text) {
            return text.getBytes(StandardCharsets.UTF_8).length;
        }
    }
}
