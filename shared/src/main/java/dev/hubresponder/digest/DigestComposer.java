package dev.hubresponder.digest;

import dev.hubresponder.alert.AlertComposer;
import dev.hubresponder.alert.AlertMessage;
import dev.hubresponder.alert.PrintableText;
import dev.hubresponder.finding.ConsoleLink;
import dev.hubresponder.finding.Finding;
import dev.hubresponder.finding.Severity;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes one digest message: counts first (by severity, type, account, resource), then the top findings with
 * their console links. Each group lists its largest entries and says how many more there are, so that the
 * message stays far below the SNS limit however many findings there were; {@link AlertMessage} cuts it if it
 * still does not fit.
 *
 * <p>Attributes: {@code severity} (the highest severity the tier covers), {@code action} ({@code DIGEST_DAILY} or
 * {@code DIGEST_WEEKLY}) and {@code outcome} ({@value #COMPLETE}, or {@value #INCOMPLETE} when reading stopped
 * early). Digests carry no {@code account} or {@code findingType}: they span many.
 */
public final class DigestComposer {
    public static final String COMPLETE = "COMPLETE";
    public static final String INCOMPLETE = "INCOMPLETE";

    private static final int GROUP_LINES = 15;
    private static final int TITLE_CHARS = 200;
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final String consoleRegion;

    /** @param consoleRegion the region whose Security Hub console the digest links to (the function's region) */
    public DigestComposer(String consoleRegion) {
        this.consoleRegion = consoleRegion;
    }

    public AlertMessage compose(DigestTier tier, FindingQuery query, DigestReport report, FindingSource.Scan scan) {
        String severities = query.severities().stream().sorted(Comparator.reverseOrder()).map(Severity::name)
                .collect(Collectors.joining("/"));
        String name = tier == DigestTier.DAILY ? "Daily" : "Weekly";
        String window = MINUTES.format(query.updatedFrom()) + " to " + MINUTES.format(query.updatedTo());

        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put(AlertComposer.SEVERITY, query.severities().stream().max(Comparator.naturalOrder())
                .orElseThrow().name());
        attributes.put(AlertComposer.ACTION, tier.action().name());
        attributes.put(AlertComposer.OUTCOME, scan.complete() ? COMPLETE : INCOMPLETE);

        String subject = name + " digest" + (scan.complete() ? "" : " INCOMPLETE") + ": " + report.included() + " "
                + severities + " finding" + (report.included() == 1 ? "" : "s") + ", to "
                + DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC).format(query.updatedTo());

        StringBuilder b = new StringBuilder(16_384);
        b.append(name).append(" digest of ").append(severities).append(" findings in Security Hub\n");
        b.append("Active findings updated ").append(window).append(": ").append(report.included()).append('\n');
        if (!scan.complete()) {
            b.append("\nINCOMPLETE: reading findings stopped after ").append(scan.pages()).append(" page(s): ")
                    .append(PrintableText.line(scan.failure(), 1_000))
                    .append("\nThe counts below cover only what was read.\n");
        }
        b.append("\nBy severity\n");
        query.severities().stream().sorted(Comparator.reverseOrder()).forEach(s -> b.append(count(
                report.bySeverity().getOrDefault(s, 0))).append(s).append('\n'));
        group(b, "By type", report.byType());
        group(b, "By account", report.byAccount());
        group(b, "By resource", report.byResource());

        List<Finding> top = report.top();
        if (!top.isEmpty()) {
            b.append("\nTop ").append(top.size()).append(" (highest severity, most recently updated first)\n");
            int n = 1;
            for (Finding finding : top) {
                b.append(n++).append(". [").append(finding.severity()).append("] ")
                        .append(PrintableText.line(title(finding), TITLE_CHARS)).append('\n');
                b.append("   account ").append(PrintableText.line(finding.accountId(), 20));
                if (finding.region() != null) {
                    b.append(", ").append(PrintableText.line(finding.region(), 30));
                }
                if (!finding.resources().isEmpty()) {
                    b.append(", ").append(DigestReport.resourceKey(finding.resources().get(0)));
                    if (finding.resources().size() > 1) {
                        b.append(" (+").append(finding.resources().size() - 1).append(')');
                    }
                }
                if (finding.updatedAt() != null) {
                    b.append(", updated ").append(MINUTES.format(finding.updatedAt()));
                }
                b.append("\n   ").append(ConsoleLink.forFinding(finding)).append('\n');
            }
        }

        b.append("\nRead ").append(scan.received()).append(" finding(s) in ").append(scan.pages())
                .append(" page(s) from Security Hub");
        if (scan.unreadable() > 0) {
            b.append("; ").append(scan.unreadable()).append(" could not be read (no id, account or severity)");
        }
        b.append(".\n");
        if (report.droppedCount() > 0) {
            b.append("Left out because they did not match the digest's filter: ")
                    .append(report.dropped().entrySet().stream().map(e -> e.getValue() + " (" + e.getKey() + ")")
                            .collect(Collectors.joining(", "))).append(".\n");
        }
        b.append("All findings: ").append(ConsoleLink.findingsPage(consoleRegion)).append('\n');
        return AlertMessage.of(subject, b.toString(), attributes,
                "All findings are in Security Hub: " + ConsoleLink.findingsPage(consoleRegion));
    }

    private static void group(StringBuilder b, String heading, List<Map.Entry<String, Integer>> entries) {
        if (entries.isEmpty()) {
            return;
        }
        b.append('\n').append(heading).append(" (").append(entries.size()).append(")\n");
        entries.stream().limit(GROUP_LINES).forEach(e -> b.append(count(e.getValue())).append(e.getKey()).append('\n'));
        if (entries.size() > GROUP_LINES) {
            int rest = entries.subList(GROUP_LINES, entries.size()).stream().mapToInt(Map.Entry::getValue).sum();
            b.append("  … and ").append(entries.size() - GROUP_LINES).append(" more with ").append(rest)
                    .append(" finding(s)\n");
        }
    }

    private static String count(int n) {
        return String.format(Locale.ROOT, "%7d  ", n);
    }

    private static String title(Finding finding) {
        return finding.title() == null || finding.title().isBlank() ? "(untitled finding)" : finding.title();
    }
}
