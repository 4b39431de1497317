package dev.hubresponder.digest;

import dev.hubresponder.alert.PrintableText;
import dev.hubresponder.finding.Finding;
import dev.hubresponder.finding.Resource;
import dev.hubresponder.finding.Severity;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;

/**
 * The findings of one digest, reduced as they stream in: counts by severity, by type, by account and by resource,
 * the findings dropped because they did not match the query (and why), and the top findings (highest severity,
 * then most recently updated). Memory grows with the number of distinct groups, not with the findings' text.
 */
public final class DigestReport {
    /** Group keys are cut to this length: a producer's free-text resource id must not blow up a map key. */
    static final int KEY_CHARS = 300;
    static final String NO_TYPE = "(no type)";

    private static final Comparator<Finding> MOST_URGENT = Comparator
            .comparing(Finding::severity)
            .thenComparing(Finding::updatedAt, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(Finding::id, Comparator.reverseOrder());

    private final int topSize;
    private final PriorityQueue<Finding> top;
    private final Map<Severity, Integer> bySeverity = new EnumMap<>(Severity.class);
    private final Map<String, Integer> byType = new HashMap<>();
    private final Map<String, Integer> byAccount = new HashMap<>();
    private final Map<String, Integer> byResource = new HashMap<>();
    private final Map<String, Integer> dropped = new TreeMap<>();
    private int included;

    /** @param topSize how many findings the digest lists one by one */
    public DigestReport(int topSize) {
        this.topSize = topSize;
        this.top = new PriorityQueue<>(topSize + 1, MOST_URGENT);
    }

    /** Counts a finding that matched the query. */
    public void add(Finding finding) {
        included++;
        bySeverity.merge(finding.severity(), 1, Integer::sum);
        byType.merge(key(finding.primaryType() == null ? NO_TYPE : finding.primaryType()), 1, Integer::sum);
        byAccount.merge(key(finding.accountId()), 1, Integer::sum);
        Set<String> resources = new LinkedHashSet<>();
        for (Resource resource : finding.resources()) {
            resources.add(resourceKey(resource));
        }
        resources.forEach(r -> byResource.merge(r, 1, Integer::sum));
        top.add(finding);
        if (top.size() > topSize) {
            top.poll();
        }
    }

    /** Counts a finding that came back although it does not match the query. */
    public void drop(String why) {
        dropped.merge(why, 1, Integer::sum);
    }

    public int included() {
        return included;
    }

    public int droppedCount() {
        return dropped.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Why findings were dropped, with how many for each reason. */
    public Map<String, Integer> dropped() {
        return Collections.unmodifiableMap(dropped);
    }

    public Map<Severity, Integer> bySeverity() {
        return Collections.unmodifiableMap(bySeverity);
    }

    /** Types, largest group first. */
    public List<Map.Entry<String, Integer>> byType() {
        return largestFirst(byType);
    }

    /** Accounts, largest group first. */
    public List<Map.Entry<String, Integer>> byAccount() {
        return largestFirst(byAccount);
    }

    /** Resources ({@code <Type> <Id>}), largest group first; a finding counts once for each resource it names. */
    public List<Map.Entry<String, Integer>> byResource() {
        return largestFirst(byResource);
    }

    /** The top findings, most urgent first. */
    public List<Finding> top() {
        List<Finding> result = new ArrayList<>(top);
        result.sort(MOST_URGENT.reversed());
        return result;
    }

    static String resourceKey(Resource resource) {
        return key((resource.type() == null ? "" : resource.type() + " ") + resource.id());
    }

    private static String key(String text) {
        return PrintableText.line(text, KEY_CHARS);
    }

    private static List<Map.Entry<String, Integer>> largestFirst(Map<String, Integer> counts) {
        List<Map.Entry<String, Integer>> entries = new ArrayList<>(counts.entrySet());
        entries.sort(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        return entries;
    }
}
