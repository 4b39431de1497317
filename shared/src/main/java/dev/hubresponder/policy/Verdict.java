package dev.hubresponder.policy;

/** What a playbook rule decides for the findings it matches. */
public enum Verdict {
    /** Contain the finding's resources now (quarantine, stop), block peers as the rule says; ticket and alert. */
    CONTAIN,
    /** Block the finding's peers as the rule says, contain no resource; ticket and alert. */
    BLOCK,
    /** Ticket and alert that name the custom action which contains it: a human approves with one click. */
    APPROVE,
    /** Ticket and alert. */
    NOTIFY,
    /** Leave it for the digest of its severity (daily or weekly); a severity no digest covers is notified. */
    DIGEST;

    /** True when the verdict changes resources or block lists. */
    public boolean acts() {
        return this == CONTAIN || this == BLOCK;
    }
}
