package dev.hubresponder.containment.ec2;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;

/**
 * An {@link InstanceDescription} as the ledger's {@code preState} JSON. Release reads it back; a record written by
 * an older version with fields since removed still reads.
 */
public final class PreStateJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private PreStateJson() {
    }

    public static String write(InstanceDescription instance) {
        try {
            return MAPPER.writeValueAsString(instance);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("pre-state of " + instance.instanceId() + " cannot be written as JSON", e);
        }
    }

    /** The recorded instance, or empty when the record holds none or it cannot be read. */
    public static Optional<InstanceDescription> read(String json) {
        if (json == null || json.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(MAPPER.readValue(json, InstanceDescription.class));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }
}
