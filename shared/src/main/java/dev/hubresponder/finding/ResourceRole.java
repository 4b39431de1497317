package dev.hubresponder.finding;

/**
 * What the affected resource is doing in a finding (GuardDuty's {@code service.resourceRole}).
 * An ACTOR resource is doing the bad thing and may be contained; a TARGET is the victim, whose attackers may be
 * blocked but which is never quarantined for being attacked.
 */
public enum ResourceRole {
    ACTOR, TARGET, UNKNOWN
}
