package dev.hubresponder.containment.ec2;

import dev.hubresponder.config.ConfigurationException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How EC2 containment runs, read once from the environment and validated at init.
 *
 * @param autoScalingAction what to do with an instance's Auto Scaling group ({@code RESPONDER_EC2_ASG_ACTION},
 *                          {@code standby} by default)
 * @param snapshots         snapshot the instance's EBS volumes ({@code RESPONDER_EC2_SNAPSHOTS}, {@code true} by
 *                          default)
 */
public record QuarantineSettings(AutoScalingAction autoScalingAction, boolean snapshots) {

    /** What containment does about the instance's Auto Scaling group, so that health checks do not replace it. */
    public enum AutoScalingAction {
        /** {@code EnterStandby} without decrementing desired capacity: the group launches a replacement. */
        STANDBY,
        /** {@code DetachInstances} without decrementing desired capacity: the group launches a replacement. */
        DETACH,
        /** Leave the group alone (its health checks may terminate the instance). */
        NONE
    }

    public QuarantineSettings {
        Objects.requireNonNull(autoScalingAction, "autoScalingAction");
    }

    public static QuarantineSettings defaults() {
        return fromEnv(Map.of());
    }

    /**
     * @throws ConfigurationException naming the variable whose value is wrong
     */
    public static QuarantineSettings fromEnv(Map<String, String> env) {
        String action = env.getOrDefault("RESPONDER_EC2_ASG_ACTION", "standby").trim().toUpperCase(Locale.ROOT);
        AutoScalingAction asg;
        try {
            asg = AutoScalingAction.valueOf(action);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("RESPONDER_EC2_ASG_ACTION must be standby, detach or none, was '"
                    + action.toLowerCase(Locale.ROOT) + "'");
        }
        String snapshots = env.getOrDefault("RESPONDER_EC2_SNAPSHOTS", "true").trim().toLowerCase(Locale.ROOT);
        if (!snapshots.equals("true") && !snapshots.equals("false")) {
            throw new ConfigurationException("RESPONDER_EC2_SNAPSHOTS must be true or false, was '" + snapshots + "'");
        }
        return new QuarantineSettings(asg, Boolean.parseBoolean(snapshots));
    }
}
