package dev.hubresponder.policy;

import dev.hubresponder.finding.AttackSequence;
import dev.hubresponder.finding.Finding;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One line that says what an attack sequence is made of: its signals (by name, with counts), its endpoints (with
 * their direction) and how many resources it names. Shown in {@code plan}, tickets and alerts, so that an analyst
 * sees the shape of the attack without opening the console.
 */
public final class SequenceSummary {
    private static final int MOST_SIGNALS = 6;
    private static final int MOST_ENDPOINTS = 6;

    private SequenceSummary() {
    }

    /** The summary, or an empty string when the finding is not an attack sequence. */
    public static String of(Finding finding) {
        AttackSequence sequence = finding.attackSequence();
        if (sequence == null) {
            return "";
        }
        Map<String, Integer> signals = new LinkedHashMap<>();
        for (AttackSequence.Signal signal : sequence.signals()) {
            String name = signal.name() != null ? signal.name() : String.valueOf(signal.type());
            signals.merge(name, signal.count() == null ? 1 : Math.max(1, signal.count()), Integer::sum);
        }
        List<String> signalText = new ArrayList<>();
        signals.forEach((name, count) -> signalText.add(name + (count > 1 ? " ×" + count : "")));
        List<String> endpointText = new ArrayList<>();
        for (AttackSequence.Endpoint endpoint : sequence.endpoints()) {
            String where = endpoint.ip() != null ? endpoint.ip() : endpoint.domain();
            if (where != null) {
                endpointText.add(where + (endpoint.port() != null ? ":" + endpoint.port() : "") + " ("
                        + endpoint.direction().name().toLowerCase(Locale.ROOT) + ")");
            }
        }
        return "attack sequence " + (sequence.uid() == null ? "(no uid)" : sequence.uid()) + ": "
                + sequence.signals().size() + " signal(s) " + first(signalText, MOST_SIGNALS) + ", "
                + sequence.endpoints().size() + " endpoint(s) " + first(endpointText, MOST_ENDPOINTS) + ", "
                + finding.resources().size() + " resource(s)";
    }

    private static String first(List<String> items, int most) {
        if (items.isEmpty()) {
            return "[]";
        }
        List<String> shown = items.size() > most ? items.subList(0, most) : items;
        return shown + (items.size() > most ? " and " + (items.size() - most) + " more" : "");
    }
}
