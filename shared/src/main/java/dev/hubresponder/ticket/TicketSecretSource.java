package dev.hubresponder.ticket;

/**
 * Where a provider's credentials come from: AWS Secrets Manager in production, read at first use and cached in
 * the execution environment (never during init, so that no credential is captured in a SnapStart snapshot).
 */
@FunctionalInterface
public interface TicketSecretSource {

    /**
     * @throws dev.hubresponder.config.ConfigurationException when the secret is missing, unreadable or not a JSON
     *                                                        object of strings
     */
    TicketSecret read();
}
