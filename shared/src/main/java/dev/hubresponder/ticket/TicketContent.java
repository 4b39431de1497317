package dev.hubresponder.ticket;

import dev.hubresponder.finding.Severity;
import java.util.List;
import java.util.Objects;

/**
 * What a ticket says about one finding, independent of any provider's format. Every adapter renders the same
 * content: Jira as an Atlassian Document Format description, GitHub as markdown, ServiceNow as plain text.
 *
 * <p>Text taken from the finding has been cleaned with {@link UntrustedText} and cut to size, but it is still data,
 * never markup: each renderer escapes it for its format. Names of facts and section headings are the responder's
 * own words.
 *
 * @param findingId       the finding's id
 * @param severity        its severity, which also decides the provider's priority ({@link TicketPriority})
 * @param title           the finding's title, one line, not yet cut to a provider's summary limit
 * @param description     the finding's description, several lines, possibly empty
 * @param facts           what the finding names: account, region, product, types, resources, remote addresses …
 * @param done            what the responder did about it (one line each), from the ledger
 * @param refused         what the responder refused to do and why (one line each)
 * @param findingUrl      the finding in the Security Hub console
 * @param dedupLabel      the label (or correlation id) that identifies this finding's ticket at the provider
 * @param previousTickets keys of earlier tickets for the same finding, when it came back after they were closed
 */
public record TicketContent(String findingId, Severity severity, String title, String description, List<Fact> facts,
                            List<String> done, List<String> refused, String findingUrl, String dedupLabel,
                            List<String> previousTickets) {

    public TicketContent {
        Objects.requireNonNull(findingId, "findingId");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(findingUrl, "findingUrl");
        Objects.requireNonNull(dedupLabel, "dedupLabel");
        facts = List.copyOf(facts);
        done = List.copyOf(done);
        refused = List.copyOf(refused);
        previousTickets = List.copyOf(previousTickets);
    }

    /** {@code [SEVERITY] <title>} on one line, cut to a provider's limit. */
    public String summary(int maxChars) {
        return UntrustedText.truncate("[" + severity + "] " + UntrustedText.oneLine(title), maxChars);
    }

    /**
     * The same content with the finding's description left out and every list cut to {@code maxItems}: what a
     * renderer falls back to when the full content exceeds the provider's size limit.
     */
    public TicketContent shortened(int maxItems) {
        return new TicketContent(findingId, severity, title,
                description.isEmpty() ? "" : "(left out: the ticket would exceed the provider's size limit)",
                facts.stream().map(f -> new Fact(f.name(), cut(f.values(), maxItems))).toList(),
                cut(done, maxItems), cut(refused, maxItems), findingUrl, dedupLabel, previousTickets);
    }

    private static List<String> cut(List<String> values, int maxItems) {
        if (values.size() <= maxItems) {
            return values;
        }
        List<String> kept = new java.util.ArrayList<>(values.subList(0, maxItems));
        kept.add("… and " + (values.size() - maxItems) + " more");
        return kept;
    }

    /**
     * One named fact: {@code Account: 123456789012}, {@code Resources: [..]}.
     *
     * @param name   the responder's label for it
     * @param values the finding's values, one line each; empty when the finding gave none
     */
    public record Fact(String name, List<String> values) {
        public Fact {
            Objects.requireNonNull(name, "name");
            values = List.copyOf(values);
        }

        public static Fact of(String name, String value) {
            return new Fact(name, value == null || value.isEmpty() ? List.of() : List.of(value));
        }

        /** True when the fact is a list (several values expected), rendered as a nested list. */
        public boolean isList() {
            return values.size() > 1;
        }
    }
}
