package dev.hubresponder.containment.ec2;

import java.util.Objects;

/**
 * What quarantine and release use in one account and Region: reading an instance and changing it. Reached per
 * account and Region through {@link dev.hubresponder.action.Reachable}.
 *
 * @param inventory reads live state (guards, pre-state)
 * @param controls  makes the changes
 */
public record InstanceAccess(InstanceInventory inventory, InstanceControls controls) {
    public InstanceAccess {
        Objects.requireNonNull(inventory, "inventory");
        Objects.requireNonNull(controls, "controls");
    }
}
