package dev.hubresponder.containment.ecs;

import dev.hubresponder.config.ConfigurationException;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of ECS task containment beyond the shared {@code ResponderConfig}, read once at init.
 *
 * @param serviceResponse what to do about a stopped task's service ({@value ServiceResponse#VARIABLE})
 * @param region          the region this responder acts in ({@code AWS_REGION}); tasks elsewhere are refused,
 *                        since the ECS client here cannot reach them
 */
public record TaskContainmentSettings(ServiceResponse serviceResponse, String region) {
    public TaskContainmentSettings {
        Objects.requireNonNull(serviceResponse, "serviceResponse");
        Objects.requireNonNull(region, "region");
    }

    /**
     * Reads the settings from environment variables.
     *
     * @throws ConfigurationException when {@code AWS_REGION} is missing or the service response is unknown
     */
    public static TaskContainmentSettings fromEnv(Map<String, String> env) {
        String region = env.get("AWS_REGION");
        if (region == null || region.isBlank()) {
            throw new ConfigurationException("AWS_REGION must be set (Lambda sets it; set it when running locally)");
        }
        return new TaskContainmentSettings(ServiceResponse.fromSetting(env.get(ServiceResponse.VARIABLE)),
                region.trim());
    }
}
