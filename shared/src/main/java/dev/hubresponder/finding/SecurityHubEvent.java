package dev.hubresponder.finding;

import java.util.List;

/**
 * An EventBridge event from Security Hub after intake: the findings that could be read, and the ones that could
 * not with their reasons. One bad finding never hides the others.
 *
 * @param kind         which kind of event it was
 * @param eventId      EventBridge's event id
 * @param account      the account EventBridge delivered it in
 * @param region       the region EventBridge delivered it in
 * @param customAction the analyst's action for custom action events, else null
 * @param findings     the findings read
 * @param rejected     the findings that could not be read
 */
public record SecurityHubEvent(EventKind kind, String eventId, String account, String region,
                               CustomAction customAction, List<Finding> findings, List<RejectedFinding> rejected) {
    public SecurityHubEvent {
        findings = List.copyOf(findings);
        rejected = List.copyOf(rejected);
    }
}
