package dev.hubresponder.containment;

/** What a change through a containment port did. */
public enum ChangeStatus {
    DONE,
    /** The resource (or the policy) does not exist. */
    MISSING,
    /** The service refused the change for good (access denied, invalid request, limit); retrying would not help. */
    FAILED
}
