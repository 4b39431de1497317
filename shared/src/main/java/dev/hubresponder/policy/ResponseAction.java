package dev.hubresponder.policy;

import java.util.Set;

/** Everything the responder can decide to do about a finding. */
public enum ResponseAction {
    /** Isolate an EC2 instance with quarantine security groups (target: instance id). */
    QUARANTINE_INSTANCE,
    /** Stop an ECS task (target: task ARN). */
    STOP_TASK,
    /** Add a host address to the WAF block sets (target: {@code a.b.c.d/32} or {@code …/128}). */
    BLOCK_ADDRESS,
    /** Open a ticket for a human (target: null). */
    TICKET,
    /** Send an immediate alert (target: null). */
    ALERT,
    /** Leave it for the daily digest (target: null). */
    DIGEST_DAILY,
    /** Leave it for the weekly digest (target: null). */
    DIGEST_WEEKLY,
    /**
     * Revoke compromised credentials (target: an IAM user's access key id, deactivated; or a role's ARN, whose
     * sessions issued before now are denied).
     */
    REVOKE_CREDENTIALS,
    /** Undo a quarantine from the ledger's recorded pre-state (target: instance id). */
    RELEASE_INSTANCE,
    /** Undo a task containment's service response, restoring the desired count (target: task ARN). */
    RELEASE_TASK,
    /** Remove a block the responder added (target: host address). */
    UNBLOCK_ADDRESS,
    /**
     * Undo a revocation from the ledger: re-activate the key, or delete the responder's own revoke policy from the
     * role (target: access key id or role ARN, as revoked).
     */
    RELEASE_CREDENTIALS;

    /** Actions that change a resource to contain a threat; guarded by the kill switch, trust and caps. */
    public static final Set<ResponseAction> CONTAINMENT = Set.of(QUARANTINE_INSTANCE, STOP_TASK, BLOCK_ADDRESS,
            REVOKE_CREDENTIALS);

    /**
     * Containment that takes a workload (or a principal's credentials) out of service; the hourly blast-radius cap
     * counts these. WAF blocks are
     * bounded by the IP sets' capacity policy and the never-block ranges instead, so that a burst of attackers
     * cannot use up the cap that instance and task containment need.
     */
    public static final Set<ResponseAction> RESOURCE_CONTAINMENT = Set.of(QUARANTINE_INSTANCE, STOP_TASK,
            REVOKE_CREDENTIALS);

    /** Actions that undo containment. */
    public static final Set<ResponseAction> RELEASES = Set.of(RELEASE_INSTANCE, RELEASE_TASK, UNBLOCK_ADDRESS,
            RELEASE_CREDENTIALS);

    public boolean isContainment() {
        return CONTAINMENT.contains(this);
    }

    public boolean isResourceContainment() {
        return RESOURCE_CONTAINMENT.contains(this);
    }

    public boolean isRelease() {
        return RELEASES.contains(this);
    }
}
