package dev.hubresponder.audit;

/** What a note does to the finding's workflow status. */
public enum WorkflowMark {
    /** ASFF {@code NOTIFIED}, OCSF status 2 (In Progress): the responder acted or told someone. */
    NOTIFIED,
    /** ASFF {@code RESOLVED}, OCSF status 4 (Resolved): only when a human releases through the product. */
    RESOLVED,
    /** Leave the status as it is (a human already resolved or suppressed the finding). */
    UNCHANGED
}
