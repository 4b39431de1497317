package dev.hubresponder.containment.ec2;

/**
 * The containment sequence, in AWS's order (runbook {@code AWSSupport-ContainEC2Instance}, aws-facts §3). Each
 * step's {@link #ledgerName()} goes into the ledger record's {@code completedSteps} when it completes, so a retry
 * resumes after the last one.
 */
public enum QuarantineStep {
    /** Termination protection on, {@code InstanceInitiatedShutdownBehavior=stop}. */
    TERMINATION_PROTECTION("termination-protection", "enable termination protection and stop-on-shutdown"),
    /** Every modifiable interface on the untracked group. */
    UNTRACKED_GROUPS("untracked-groups", "move every interface to the allow-all untracked group"),
    /** Every modifiable interface on the isolation group. */
    ISOLATION_GROUPS("isolation-groups", "move every interface to the rule-less isolation group"),
    /** Standby in, or detach from, the Auto Scaling group. */
    AUTO_SCALING("auto-scaling", "take the instance out of its Auto Scaling group's reach"),
    /** Deregistration from ELB target groups. */
    TARGET_GROUPS("target-groups", "deregister the instance from its target groups"),
    /** EBS snapshots tagged with the finding id. */
    SNAPSHOTS("snapshots", "snapshot its EBS volumes"),
    /** Quarantine tags on the instance. */
    TAGS("tags", "tag the instance as quarantined");

    private final String ledgerName;
    private final String description;

    QuarantineStep(String ledgerName, String description) {
        this.ledgerName = ledgerName;
        this.description = description;
    }

    /** The name recorded in the ledger's {@code completedSteps}. */
    public String ledgerName() {
        return ledgerName;
    }

    /** What the step does, for shadow records and notes. */
    public String description() {
        return description;
    }
}
