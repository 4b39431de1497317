package dev.hubresponder.alert;

/**
 * A way to notify people: the port the SNS topic adapter implements.
 *
 * <p>Only a failure that may pass on a retry (throttling, a service error, a timeout) is thrown, as
 * {@link AlertChannelUnavailableException}, so that Lambda retries; a message the channel will never accept
 * (topic gone, access denied, KMS key disabled) comes back as {@link Delivery.Rejected}.
 */
public interface AlertChannel {

    /** Publishes one message. */
    Delivery publish(AlertMessage message);

    /** What happened to one message. */
    sealed interface Delivery {
        /** Accepted by the channel; {@code messageId} is the channel's id for it. */
        record Sent(String messageId) implements Delivery {
        }

        /** Refused for good; {@code reason} says by what and why ("topic … not found"). */
        record Rejected(String reason) implements Delivery {
        }
    }
}
