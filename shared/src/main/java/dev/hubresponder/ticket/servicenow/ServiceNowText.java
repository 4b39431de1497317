package dev.hubresponder.ticket.servicenow;

import dev.hubresponder.ticket.TicketContent;
import dev.hubresponder.ticket.UntrustedText;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Renders {@link TicketContent} as the plain text of an incident's {@code description}.
 *
 * <p>The description field is plain text, but ServiceNow turns {@code [code]…[/code]} into live HTML in journal
 * fields, and descriptions are copied into journals and notifications by many instances' business rules. The
 * finding's text therefore has every {@code [code]} tag defused ({@code [ code]}), besides the cleaning every
 * provider gets.
 */
final class ServiceNowText {
    private static final int MIN_DESCRIPTION_CHARS = 200;
    private static final Pattern CODE_TAG = Pattern.compile("\\[(/?)code]", Pattern.CASE_INSENSITIVE);

    private ServiceNowText() {
    }

    /**
     * The text within {@code maxChars}: when too long, the finding's description is cut first (it is long and
     * matters least); when even that is not enough, the lists are cut too.
     */
    static String render(TicketContent content, int maxChars) {
        String description = defuse(content.description());
        String text = plain(content, description);
        int overflow = text.length() - maxChars;
        if (overflow > 0 && description.length() - overflow >= MIN_DESCRIPTION_CHARS) {
            text = plain(content, UntrustedText.truncate(description, description.length() - overflow));
        } else if (overflow > 0) {
            TicketContent shortened = content.shortened(5);
            text = plain(shortened, defuse(shortened.description()));
        }
        return UntrustedText.truncate(text, maxChars);
    }

    private static String plain(TicketContent content, String description) {
        StringBuilder out = new StringBuilder();
        out.append("Security Hub finding, opened by hub-responder.\n")
                .append("Open it in the Security Hub console: ").append(content.findingUrl()).append("\n");
        if (!content.previousTickets().isEmpty()) {
            out.append("This finding came back after its earlier incident was closed: ")
                    .append(String.join(", ", content.previousTickets())).append(".\n");
        }
        out.append("\nFINDING\n");
        for (TicketContent.Fact fact : content.facts()) {
            out.append(fact.name()).append(':');
            if (fact.isList()) {
                out.append('\n');
                fact.values().forEach(value -> out.append("  - ").append(defuse(value)).append('\n'));
            } else {
                out.append(' ').append(fact.values().isEmpty() ? "(none)" : defuse(fact.values().get(0)))
                        .append('\n');
            }
        }
        out.append("\nWHAT THE RESPONDER DID\n");
        appendList(out, content.done(), "Nothing: it opened this incident only.");
        if (!content.refused().isEmpty()) {
            out.append("\nWHAT THE RESPONDER REFUSED TO DO\n");
            appendList(out, content.refused(), "");
        }
        if (!description.isEmpty()) {
            out.append("\nDESCRIPTION FROM THE FINDING\n").append(description).append('\n');
        }
        out.append("\nCorrelation id ").append(content.dedupLabel())
                .append(": the responder finds this incident again by it.\n");
        return out.toString();
    }

    private static void appendList(StringBuilder out, List<String> lines, String whenEmpty) {
        if (lines.isEmpty()) {
            out.append(whenEmpty).append('\n');
        }
        lines.forEach(line -> out.append("- ").append(defuse(line)).append('\n'));
    }

    static String defuse(String text) {
        return CODE_TAG.matcher(text).replaceAll("[$1 code]");
    }
}
