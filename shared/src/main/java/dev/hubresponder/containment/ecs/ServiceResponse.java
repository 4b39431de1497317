package dev.hubresponder.containment.ecs;

import dev.hubresponder.config.ConfigurationException;
import java.util.Locale;

/**
 * What to do about the service of a stopped task, whose scheduler would otherwise start a replacement from the same
 * task definition ({@code RESPONDER_ECS_SERVICE_RESPONSE}).
 */
public enum ServiceResponse {
    /** Leave the service alone; the ledger, note and alert say a replacement will start (the default). */
    NONE("none"),
    /** Set the service's desired count to 0, recording the previous count so that release restores it. */
    SCALE_TO_ZERO("scale-to-zero");

    public static final String VARIABLE = "RESPONDER_ECS_SERVICE_RESPONSE";

    private final String setting;

    ServiceResponse(String setting) {
        this.setting = setting;
    }

    /** The value as written in the variable. */
    public String setting() {
        return setting;
    }

    /** Parses the variable's value; unset or blank means {@link #NONE}. */
    public static ServiceResponse fromSetting(String value) {
        if (value == null || value.isBlank()) {
            return NONE;
        }
        String wanted = value.trim().toLowerCase(Locale.ROOT);
        for (ServiceResponse response : values()) {
            if (response.setting.equals(wanted)) {
                return response;
            }
        }
        throw new ConfigurationException(VARIABLE + " must be 'none' or 'scale-to-zero', was '" + value.trim() + "'");
    }
}
