package dev.hubresponder.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubresponder.finding.RejectedFinding;
import dev.hubresponder.plan.Plan;
import dev.hubresponder.policy.Decision;
import dev.hubresponder.policy.PlannedAction;
import dev.hubresponder.policy.Refusal;
import java.util.ArrayList;
import java.util.List;

/** Renders a {@link Plan} for people (a table) or for programs (the JSON shape docs/local.md documents). */
final class PlanReport {
    private final ObjectMapper mapper;

    PlanReport(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * {@code {"findings":[{"id","severity","rule","summary","actions":[{"action","target","reason","shadow"}],
     * "refused":[{"action","target","reason"}]}],"errors":[{"finding","reason"}]}}
     */
    ObjectNode json(Plan plan) {
        ObjectNode root = mapper.createObjectNode();
        ArrayNode findings = root.putArray("findings");
        for (Decision d : plan.decisions()) {
            ObjectNode f = findings.addObject();
            f.put("id", d.finding().id());
            f.put("severity", d.finding().severity().name());
            f.put("rule", d.rule());
            f.put("summary", d.summary());
            ArrayNode actions = f.putArray("actions");
            for (PlannedAction a : d.actions()) {
                ObjectNode n = actions.addObject();
                n.put("action", a.action().name());
                n.put("target", a.target());
                n.put("reason", a.reason());
                n.put("shadow", a.shadow());
            }
            ArrayNode refused = f.putArray("refused");
            for (Refusal r : d.refused()) {
                ObjectNode n = refused.addObject();
                n.put("action", r.action().name());
                n.put("target", r.target());
                n.put("reason", r.reason());
            }
        }
        ArrayNode errors = root.putArray("errors");
        for (RejectedFinding e : plan.errors()) {
            ObjectNode n = errors.addObject();
            n.put("finding", e.findingId());
            n.put("reason", e.reason());
        }
        return root;
    }

    /** A readable table: one block per finding, one row per action or refusal. */
    String table(Plan plan) {
        StringBuilder out = new StringBuilder();
        out.append(plan.event().kind().detailType()).append(" event ").append(plan.event().eventId())
                .append(": ").append(plan.decisions().size()).append(" finding(s) decided, ")
                .append(plan.errors().size()).append(" rejected\n");
        for (Decision d : plan.decisions()) {
            out.append('\n').append(d.finding().severity()).append("  ").append(d.finding().id()).append('\n');
            if (d.finding().title() != null) {
                out.append("  ").append(oneLine(d.finding().title())).append('\n');
            }
            out.append("  ").append(d.summary()).append('\n');
            if (d.rule() != null) {
                out.append("  decided by: ").append(d.rule()).append('\n');
            }
            List<String[]> rows = new ArrayList<>();
            for (PlannedAction a : d.actions()) {
                rows.add(new String[] {a.shadow() ? "shadow" : "do", a.action().name(), orDash(a.target()),
                    a.reason()});
            }
            for (Refusal r : d.refused()) {
                rows.add(new String[] {"REFUSED", r.action().name(), orDash(r.target()), r.reason()});
            }
            if (rows.isEmpty()) {
                out.append("    (no action)\n");
            }
            appendRows(out, rows);
        }
        for (RejectedFinding e : plan.errors()) {
            out.append("\nREJECTED  ").append(e.findingId() == null ? "(no id)" : e.findingId()).append("\n    ")
                    .append(e.reason()).append('\n');
        }
        return out.toString();
    }

    private static void appendRows(StringBuilder out, List<String[]> rows) {
        int[] widths = new int[3];
        for (String[] row : rows) {
            for (int i = 0; i < 3; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            out.append("    ");
            for (int i = 0; i < 3; i++) {
                out.append(String.format("%-" + widths[i] + "s  ", row[i]));
            }
            out.append(oneLine(row[3])).append('\n');
        }
    }

    private static String orDash(String s) {
        return s == null ? "-" : s;
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\p{Cntrl}+", " ");
    }
}
