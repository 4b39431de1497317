package dev.hubresponder.containment.ec2;

import dev.hubresponder.containment.ec2.InstanceDescription.TargetRegistration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The changes containment and release make to an instance and its surroundings: the port the EC2, Auto Scaling and
 * ELB adapter implements. Every method is idempotent (it checks the live state and answers
 * {@link StepResult.Status#ALREADY_DONE} when there is nothing to do), so that a retry can repeat the step it was
 * interrupted in.
 *
 * <p>Methods return permanent failures as results and throw {@link RetryableContainmentException} for failures
 * worth retrying.
 */
public interface InstanceControls {

    /** Turns termination protection on and sets {@code InstanceInitiatedShutdownBehavior=stop}. */
    StepResult protectFromTermination(String instanceId);

    /** Puts termination protection and shutdown behaviour back to recorded values. */
    StepResult restoreTerminationSettings(String instanceId, boolean terminationProtection, String shutdownBehavior);

    /**
     * Finds this responder's quarantine groups in a VPC by their tags, or creates them; makes sure their rules are
     * what {@link QuarantineGroups} says (adding or revoking rules on a found group that drifted).
     */
    QuarantineGroups.Result quarantineGroups(String vpcId);

    /** Replaces an interface's security groups ({@code ModifyNetworkInterfaceAttribute}). */
    StepResult setInterfaceGroups(String interfaceId, List<String> groupIds);

    /** Moves the instance to {@code Standby} in its Auto Scaling group without decrementing desired capacity. */
    StepResult enterStandby(String autoScalingGroup, String instanceId);

    /** Moves the instance from {@code Standby} back in service. */
    StepResult exitStandby(String autoScalingGroup, String instanceId);

    /** Detaches the instance from its Auto Scaling group without decrementing desired capacity. */
    StepResult detachFromAutoScaling(String autoScalingGroup, String instanceId);

    /** Attaches the instance to an Auto Scaling group again. */
    StepResult attachToAutoScaling(String autoScalingGroup, String instanceId);

    /** Deregisters the instance from every target group of its VPC it is registered in now. */
    StepResult deregisterFromTargetGroups(String instanceId, String vpcId);

    /** Registers the instance in target groups as recorded. */
    StepResult registerWithTargetGroups(String instanceId, List<TargetRegistration> registrations);

    /**
     * Snapshots volumes, tagging each snapshot with {@code tags}. A volume that already has a snapshot carrying the
     * same {@link QuarantineTags#LEDGER_ID} tag is not snapshotted again.
     */
    Snapshots snapshotVolumes(String instanceId, List<String> volumeIds, Map<String, String> tags);

    /** Adds or overwrites tags on the instance. */
    StepResult tagInstance(String instanceId, Map<String, String> tags);

    /** Removes tags from the instance. */
    StepResult untagInstance(String instanceId, Collection<String> keys);

    /**
     * The outcome of {@link #snapshotVolumes}.
     *
     * @param snapshotIds snapshot id per volume id, for the volumes done (now or before)
     * @param failure     why a snapshot could not be started, or null
     */
    record Snapshots(Map<String, String> snapshotIds, String failure) {
        public Snapshots {
            snapshotIds = Map.copyOf(snapshotIds);
        }

        public static Snapshots of(Map<String, String> snapshotIds) {
            return new Snapshots(snapshotIds, null);
        }

        public static Snapshots failed(Map<String, String> doneSoFar, String failure) {
            return new Snapshots(doneSoFar, Objects.requireNonNull(failure, "failure"));
        }
    }
}
