package dev.hubresponder.containment.ec2;

import dev.hubresponder.containment.ec2.InstanceDescription.TargetRegistration;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Passes every call to the real adapter; tests override one method to inject a failure into that step. */
class DelegatingControls implements InstanceControls {
    private final InstanceControls real;

    DelegatingControls(InstanceControls real) {
        this.real = real;
    }

    @Override
    public StepResult protectFromTermination(String instanceId) {
        return real.protectFromTermination(instanceId);
    }

    @Override
    public StepResult restoreTerminationSettings(String instanceId, boolean terminationProtection,
                                                 String shutdownBehavior) {
        return real.restoreTerminationSettings(instanceId, terminationProtection, shutdownBehavior);
    }

    @Override
    public QuarantineGroups.Result quarantineGroups(String vpcId) {
        return real.quarantineGroups(vpcId);
    }

    @Override
    public StepResult setInterfaceGroups(String interfaceId, List<String> groupIds) {
        return real.setInterfaceGroups(interfaceId, groupIds);
    }

    @Override
    public StepResult enterStandby(String autoScalingGroup, String instanceId) {
        return real.enterStandby(autoScalingGroup, instanceId);
    }

    @Override
    public StepResult exitStandby(String autoScalingGroup, String instanceId) {
        return real.exitStandby(autoScalingGroup, instanceId);
    }

    @Override
    public StepResult detachFromAutoScaling(String autoScalingGroup, String instanceId) {
        return real.detachFromAutoScaling(autoScalingGroup, instanceId);
    }

    @Override
    public StepResult attachToAutoScaling(String autoScalingGroup, String instanceId) {
        return real.attachToAutoScaling(autoScalingGroup, instanceId);
    }

    @Override
    public StepResult deregisterFromTargetGroups(String instanceId, String vpcId) {
        return real.deregisterFromTargetGroups(instanceId, vpcId);
    }

    @Override
    public StepResult registerWithTargetGroups(String instanceId, List<TargetRegistration> registrations) {
        return real.registerWithTargetGroups(instanceId, registrations);
    }

    @Override
    public Snapshots snapshotVolumes(String instanceId, List<String> volumeIds, Map<String, String> tags) {
        return real.snapshotVolumes(instanceId, volumeIds, tags);
    }

    @Override
    public StepResult tagInstance(String instanceId, Map<String, String> tags) {
        return real.tagInstance(instanceId, tags);
    }

    @Override
    public StepResult untagInstance(String instanceId, Collection<String> keys) {
        return real.untagInstance(instanceId, keys);
    }
}
