package dev.hubresponder.containment.ec2;

/**
 * Release, in the order that brings the instance back safely: its own security groups first (so that health checks
 * can pass), then the Auto Scaling group, the target groups, the termination settings, and the tags last (so that a
 * half-released instance still says it is quarantined). Recorded in the release record's {@code completedSteps}.
 */
public enum ReleaseStep {
    INTERFACE_GROUPS("interface-groups"),
    AUTO_SCALING("auto-scaling"),
    TARGET_GROUPS("target-groups"),
    TERMINATION_SETTINGS("termination-settings"),
    TAGS("tags");

    private final String ledgerName;

    ReleaseStep(String ledgerName) {
        this.ledgerName = ledgerName;
    }

    /** The name recorded in the ledger's {@code completedSteps}. */
    public String ledgerName() {
        return ledgerName;
    }
}
