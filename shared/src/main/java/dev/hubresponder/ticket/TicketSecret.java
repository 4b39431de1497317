package dev.hubresponder.ticket;

import dev.hubresponder.config.ConfigurationException;
import java.util.Map;
import java.util.Objects;

/**
 * A provider's credentials as stored in the secret: a flat JSON object of strings. Jira
 * {@code {"email","apiToken"}}, GitHub {@code {"token"}}, ServiceNow {@code {"username","password"}}.
 *
 * <p>Values never appear in messages, logs or {@link #toString()}; errors name the secret (its ARN or name) and
 * the key only.
 */
public final class TicketSecret {
    private final String secretId;
    private final Map<String, String> values;

    public TicketSecret(String secretId, Map<String, String> values) {
        this.secretId = Objects.requireNonNull(secretId, "secretId");
        this.values = Map.copyOf(values);
    }

    /**
     * The value of one key.
     *
     * @param key   the key the provider needs
     * @param shape the whole format the provider expects, for the error message ({@code {"email","apiToken"}})
     * @throws ConfigurationException naming the secret and the key when it is missing or empty
     */
    public String require(String key, String shape) {
        String value = values.get(key);
        if (value == null || value.isBlank()) {
            throw new ConfigurationException("ticket secret " + secretId + " has no non-empty \"" + key
                    + "\"; it must be a JSON object " + shape + " (keys present: " + values.keySet().stream().sorted()
                    .toList() + ")");
        }
        return value;
    }

    public String secretId() {
        return secretId;
    }

    @Override
    public String toString() {
        return "TicketSecret[" + secretId + ", keys=" + values.keySet().stream().sorted().toList() + "]";
    }
}
