package dev.hubresponder.containment;

/** Whether a read of a resource found it, found that it does not exist, or could not tell. */
public enum LookupStatus {
    FOUND,
    /** The service answered that it does not exist (or no longer does). */
    MISSING,
    /** The service refused or failed to say (access denied, invalid request): guards must not act on a guess. */
    UNREADABLE
}
