package dev.hubresponder.finding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads EventBridge events from Security Hub into {@link SecurityHubEvent}s. STUB: replaced by the implementation.
 */
public final class FindingIntake {
    public FindingIntake(ObjectMapper mapper) {
    }

    public SecurityHubEvent read(byte[] json) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    public SecurityHubEvent read(JsonNode event) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
