package dev.hubresponder.functions.customactions;

import java.util.List;

/**
 * The Security Hub action targets of this account and Region. Failures other than the outcomes below (access
 * denied, throttling after the SDK's retries, an unreachable endpoint) are thrown.
 */
interface ActionTargets {

    /** What a delete found. */
    enum Deletion {
        /** The target existed and is gone now. */
        DELETED,
        /** There was nothing to delete: the target, or Security Hub itself, is not there. */
        ALREADY_GONE
    }

    /** Every custom action target in the hub. */
    List<ExistingActionTarget> list();

    /**
     * Creates a target.
     *
     * @return its ARN, or null when a target with this id already exists (created concurrently)
     */
    String create(ActionTargetSpec spec);

    /** Sets the name and description of an existing target. */
    void update(String arn, ActionTargetSpec spec);

    Deletion delete(String arn);
}
