package dev.hubresponder.policy;

/**
 * Which of a finding's public peers a rule blocks in the WAF IP sets. WAF filters inbound HTTP(S) requests at ALB,
 * API Gateway, AppSync, Cognito and CloudFront only: a block stops an attacker's web requests to those, nothing
 * else (not SSH, not RDP, not what an instance sends out).
 */
public enum PeerBlocking {
    /** Block nothing. */
    NONE,
    /** Block peers that connected to the resource (attackers of a victim, inbound endpoints of a sequence). */
    INBOUND,
    /** Block peers the resource connected to (worth little: quarantine already cuts an instance's outbound). */
    OUTBOUND
}
