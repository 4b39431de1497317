package dev.hubresponder.ticket.github;

import dev.hubresponder.ticket.TicketContent;
import java.util.List;

/**
 * Renders {@link TicketContent} as GitHub-flavoured markdown in which nothing from the finding is interpreted.
 *
 * <p>GitHub renders markdown, a subset of HTML, {@code @mentions} (which notify people), {@code #123} references
 * and bare URLs. Escaping each of those with backslashes is fragile, so the finding's text never appears outside
 * code: one-line values in code spans, the description in a fenced code block. Inside code GitHub renders nothing,
 * mentions nobody and links nothing. A code span or fence is delimited by a run of backticks longer than any run in
 * the text, so the text cannot close it early. Only the responder's own words and its console link are markup.
 */
final class GitHubMarkdown {

    private GitHubMarkdown() {
    }

    static String render(TicketContent content) {
        StringBuilder md = new StringBuilder();
        md.append("Security Hub finding, opened by hub-responder. [Open it in the Security Hub console](<")
                .append(content.findingUrl()).append(">)\n\n");
        if (!content.previousTickets().isEmpty()) {
            md.append("This finding came back after its earlier issue was closed: ");
            md.append(String.join(", ", content.previousTickets().stream().map(GitHubMarkdown::codeSpan).toList()))
                    .append(".\n\n");
        }
        md.append("### Finding\n\n");
        for (TicketContent.Fact fact : content.facts()) {
            md.append("- **").append(fact.name()).append(":**");
            if (fact.isList()) {
                md.append('\n');
                fact.values().forEach(value -> md.append("  - ").append(codeSpan(value)).append('\n'));
            } else {
                md.append(' ').append(fact.values().isEmpty() ? "(none)" : codeSpan(fact.values().get(0)))
                        .append('\n');
            }
        }
        md.append("\n### What the responder did\n\n");
        appendList(md, content.done(), "Nothing: it opened this issue only.");
        if (!content.refused().isEmpty()) {
            md.append("\n### What the responder refused to do\n\n");
            appendList(md, content.refused(), "");
        }
        if (!content.description().isEmpty()) {
            String fence = "`".repeat(Math.max(3, longestBacktickRun(content.description()) + 1));
            md.append("\n### Description from the finding\n\n")
                    .append(fence).append("text\n").append(content.description()).append('\n').append(fence)
                    .append('\n');
        }
        md.append("\nThe responder finds this issue again by its label ").append(codeSpan(content.dedupLabel()))
                .append("; keep it, or a new issue may be opened for the same finding.\n");
        return md.toString();
    }

    private static void appendList(StringBuilder md, List<String> lines, String whenEmpty) {
        if (lines.isEmpty()) {
            md.append(whenEmpty).append('\n');
        }
        lines.forEach(line -> md.append("- ").append(codeSpan(line)).append('\n'));
    }

    /**
     * A code span holding exactly {@code text}: delimited by one more backtick than its longest run, padded with a
     * space when it starts or ends with a backtick or a space (CommonMark strips one space from each side).
     */
    static String codeSpan(String text) {
        if (text.isEmpty()) {
            return "(none)";
        }
        String ticks = "`".repeat(longestBacktickRun(text) + 1);
        boolean pad = text.startsWith("`") || text.endsWith("`") || text.startsWith(" ") || text.endsWith(" ");
        String inner = pad ? " " + text + " " : text;
        return ticks + inner + ticks;
    }

    private static int longestBacktickRun(String text) {
        int longest = 0;
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            run = text.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        return longest;
    }
}
