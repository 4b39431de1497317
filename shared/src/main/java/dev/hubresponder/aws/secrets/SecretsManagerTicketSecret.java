package dev.hubresponder.aws.secrets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubresponder.config.ConfigurationException;
import dev.hubresponder.ticket.RetryableTicketException;
import dev.hubresponder.ticket.TicketSecret;
import dev.hubresponder.ticket.TicketSecretSource;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;
import software.amazon.lambda.powertools.parameters.cache.CacheManager;
import software.amazon.lambda.powertools.parameters.secrets.SecretsProvider;

/**
 * A provider's credentials from AWS Secrets Manager, through Powertools' {@link SecretsProvider}: read at the
 * first ticket, not during init (nothing secret ends up in a SnapStart snapshot), then cached in the execution
 * environment for {@link #DEFAULT_MAX_AGE}, so that a rotated token is picked up within that time.
 *
 * <p>The secret must be a JSON object of strings. Errors name the secret and what is wrong with it, never its
 * contents: Jackson's own parse messages quote the input, so they are not passed on.
 */
public final class SecretsManagerTicketSecret implements TicketSecretSource {
    public static final Duration DEFAULT_MAX_AGE = Duration.ofHours(1);

    private final String secretId;
    private final SecretsProvider provider;
    private final ObjectMapper mapper;

    public SecretsManagerTicketSecret(String secretId, SecretsProvider provider, ObjectMapper mapper) {
        this.secretId = Objects.requireNonNull(secretId, "secretId");
        this.provider = Objects.requireNonNull(provider, "provider");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    /** A source that caches the secret for {@code maxAge}, read through the given client. */
    public static SecretsManagerTicketSecret create(String secretId, SecretsManagerClient client, Duration maxAge,
                                                    ObjectMapper mapper) {
        CacheManager cache = new CacheManager();
        cache.setDefaultExpirationTime(maxAge);
        return new SecretsManagerTicketSecret(secretId,
                SecretsProvider.builder().withClient(client).withCacheManager(cache).build(), mapper);
    }

    @Override
    public TicketSecret read() {
        String json;
        try {
            json = provider.get(secretId);
        } catch (ResourceNotFoundException e) {
            throw new ConfigurationException("ticket secret " + secretId
                    + " does not exist (RESPONDER_TICKET_SECRET_ARN)");
        } catch (SecretsManagerException e) {
            if (e.isThrottlingException() || e.statusCode() >= 500) {
                throw new RetryableTicketException("Secrets Manager could not return ticket secret " + secretId
                        + ": " + e.getMessage(), e);
            }
            String code = e.awsErrorDetails() == null ? "HTTP " + e.statusCode() : e.awsErrorDetails().errorCode();
            throw new ConfigurationException("ticket secret " + secretId + " cannot be read: " + code
                    + " (check the function's secretsmanager:GetSecretValue permission and the key policy)");
        } catch (SdkClientException e) {
            throw new RetryableTicketException("Secrets Manager could not be reached for ticket secret " + secretId
                    + ": " + e.getMessage(), e);
        }
        return new TicketSecret(secretId, parse(json));
    }

    private Map<String, String> parse(String json) {
        JsonNode node;
        try {
            node = json == null ? null : mapper.readTree(json);
        } catch (JsonProcessingException e) {
            node = null;
        }
        if (node == null || !node.isObject()) {
            throw new ConfigurationException("ticket secret " + secretId + " is not a JSON object; store the "
                    + "provider's credentials as a JSON object of strings (see docs/tickets.md)");
        }
        Map<String, String> values = new HashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getValue().isTextual()) {
                values.put(field.getKey(), field.getValue().asText());
            }
        }
        return values;
    }
}
