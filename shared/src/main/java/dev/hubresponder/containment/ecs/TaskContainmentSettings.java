package dev.hubresponder.containment.ecs;

import dev.hubresponder.config.ConfigurationException;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of ECS task containment beyond the shared {@code ResponderConfig}, read once at init. Where a task is
 * stopped comes from its ARN, not from here: the function reaches the task's account and Region.
 *
 * @param serviceResponse what to do about a stopped task's service ({@value ServiceResponse#VARIABLE})
 */
public record TaskContainmentSettings(ServiceResponse serviceResponse) {
    public TaskContainmentSettings {
        Objects.requireNonNull(serviceResponse, "serviceResponse");
    }

    /**
     * Reads the settings from environment variables.
     *
     * @throws ConfigurationException when the service response is unknown
     */
    public static TaskContainmentSettings fromEnv(Map<String, String> env) {
        return new TaskContainmentSettings(ServiceResponse.fromSetting(env.get(ServiceResponse.VARIABLE)));
    }
}
