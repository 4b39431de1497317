package dev.hubresponder.aws.sns;

import dev.hubresponder.alert.AlertChannel;
import dev.hubresponder.alert.AlertChannelUnavailableException;
import dev.hubresponder.alert.AlertMessage;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishResponse;
import software.amazon.awssdk.services.sns.model.SnsException;

/**
 * Publishes alerts to an SNS topic, with String message structure (so that message attributes reach the
 * subscribers' filter policies; aws-facts §6).
 *
 * <p>Throttling, 5xx and network failures are retryable ({@link AlertChannelUnavailableException}); any other
 * refusal (topic not found, authorization, KMS key disabled or not accessible, invalid parameter) is a rejection
 * that will not change on a retry.
 */
public final class SnsAlertChannel implements AlertChannel {
    private final SnsClient sns;
    private final String topicArn;

    public SnsAlertChannel(SnsClient sns, String topicArn) {
        this.sns = Objects.requireNonNull(sns, "sns");
        this.topicArn = Objects.requireNonNull(topicArn, "topicArn");
    }

    @Override
    public Delivery publish(AlertMessage message) {
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        message.attributes().forEach((name, value) -> attributes.put(name, MessageAttributeValue.builder()
                .dataType(AlertMessage.ATTRIBUTE_TYPE).stringValue(value).build()));
        try {
            PublishResponse response = sns.publish(b -> b.topicArn(topicArn).subject(message.subject())
                    .message(message.body()).messageAttributes(attributes));
            return new Delivery.Sent(response.messageId());
        } catch (SnsException e) {
            if (e.isThrottlingException() || e.statusCode() >= 500) {
                throw new AlertChannelUnavailableException("SNS could not take the alert for " + topicArn
                        + " right now: " + e.getMessage(), e);
            }
            String code = e.awsErrorDetails() == null ? "HTTP " + e.statusCode() : e.awsErrorDetails().errorCode();
            return new Delivery.Rejected("SNS refused the alert for " + topicArn + ": " + code + ": "
                    + (e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage()));
        } catch (SdkClientException e) {
            throw new AlertChannelUnavailableException("SNS could not be reached to publish to " + topicArn + ": "
                    + e.getMessage(), e);
        }
    }
}
