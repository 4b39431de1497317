package dev.hubresponder.block;

/** What to do with new blocks when an IP set is at capacity. */
public enum FullSetPolicy {
    /** Refuse the blocks that do not fit, with a reason; the set stays as it is. */
    REFUSE,
    /**
     * Remove the entries the responder itself added, oldest first, to make room. Entries the responder did not add
     * (people's, other tools') are never removed; when there are not enough of its own, the rest is refused.
     */
    EVICT_OLDEST
}
