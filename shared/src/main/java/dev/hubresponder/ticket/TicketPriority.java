package dev.hubresponder.ticket;

import dev.hubresponder.finding.Severity;
import java.util.EnumMap;
import java.util.Map;

/**
 * The one table that maps a finding's severity to each provider's notion of priority.
 *
 * <table>
 *   <caption>severity → priority</caption>
 *   <tr><th>severity</th><th>Jira priority</th><th>GitHub label</th>
 *       <th>ServiceNow impact / urgency (priority)</th></tr>
 *   <tr><td>CRITICAL</td><td>Highest</td><td>severity:critical</td><td>1 / 1 (1 – Critical)</td></tr>
 *   <tr><td>HIGH</td><td>High</td><td>severity:high</td><td>1 / 2 (2 – High)</td></tr>
 *   <tr><td>MEDIUM</td><td>Medium</td><td>severity:medium</td><td>2 / 2 (3 – Moderate)</td></tr>
 *   <tr><td>LOW</td><td>Low</td><td>severity:low</td><td>2 / 3 (4 – Low)</td></tr>
 *   <tr><td>INFORMATIONAL</td><td>Lowest</td><td>severity:informational</td><td>3 / 3 (5 – Planning)</td></tr>
 * </table>
 *
 * <p>Jira's names are those of its default priority scheme. GitHub Issues has no priority field, so the severity
 * travels as a label. ServiceNow derives an incident's priority from impact and urgency with its default priority
 * lookup; the responder sets those two rather than {@code priority}, which the platform computes.
 *
 * @param jira              Jira priority name
 * @param githubLabel       GitHub label
 * @param serviceNowImpact  ServiceNow {@code impact} ("1" high … "3" low)
 * @param serviceNowUrgency ServiceNow {@code urgency} ("1" high … "3" low)
 */
public record TicketPriority(String jira, String githubLabel, String serviceNowImpact, String serviceNowUrgency) {

    private static final Map<Severity, TicketPriority> TABLE = new EnumMap<>(Map.of(
            Severity.CRITICAL, new TicketPriority("Highest", "severity:critical", "1", "1"),
            Severity.HIGH, new TicketPriority("High", "severity:high", "1", "2"),
            Severity.MEDIUM, new TicketPriority("Medium", "severity:medium", "2", "2"),
            Severity.LOW, new TicketPriority("Low", "severity:low", "2", "3"),
            Severity.INFORMATIONAL, new TicketPriority("Lowest", "severity:informational", "3", "3")));

    public static TicketPriority of(Severity severity) {
        return TABLE.get(severity);
    }
}
