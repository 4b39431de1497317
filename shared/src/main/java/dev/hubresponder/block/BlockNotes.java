package dev.hubresponder.block;

import dev.hubresponder.audit.FindingNote;
import dev.hubresponder.audit.WorkflowMark;
import dev.hubresponder.finding.Finding;
import dev.hubresponder.policy.ResponseAction;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The notes a block run writes back onto its findings: one per finding (Security Hub keeps one), naming every
 * address this run settled for it, e.g. {@code "hub-responder BLOCK_ADDRESS: blocked 185.220.101.4/32 in … until
 * …; block of 10.0.3.7 refused: … [ledger hr-…]"}. Redeliveries and outcomes left for a retry get no note: the
 * delivery that settles them writes it.
 */
public final class BlockNotes {
    private static final Set<AddressOutcome.Result> SETTLED_NOW = EnumSet.of(AddressOutcome.Result.BLOCKED,
            AddressOutcome.Result.ALREADY_BLOCKED, AddressOutcome.Result.UNBLOCKED, AddressOutcome.Result.NOT_OURS,
            AddressOutcome.Result.REFUSED, AddressOutcome.Result.SHADOW, AddressOutcome.Result.FAILED);

    private BlockNotes() {
    }

    /** The notes for a run, for the findings it was given. */
    public static List<FindingNote> of(BlockRun run, List<Finding> findings) {
        List<FindingNote> notes = new ArrayList<>();
        for (Finding finding : findings) {
            List<AddressOutcome> settled = run.forFinding(finding.id()).stream()
                    .filter(a -> SETTLED_NOW.contains(a.result())).toList();
            if (!settled.isEmpty()) {
                notes.add(note(finding, settled));
            }
        }
        return notes;
    }

    private static FindingNote note(Finding finding, List<AddressOutcome> settled) {
        boolean unblock = settled.stream().allMatch(a -> a.action() == ResponseAction.UNBLOCK_ADDRESS);
        ResponseAction action = unblock ? ResponseAction.UNBLOCK_ADDRESS : ResponseAction.BLOCK_ADDRESS;
        String ledgerIds = String.join(", ", settled.stream().map(AddressOutcome::ledgerId)
                .filter(id -> id != null).distinct().toList());
        String ids = " [ledger " + ledgerIds + "]";
        String head = "hub-responder " + action + ": ";
        String body = String.join("; ", settled.stream().map(AddressOutcome::detail).toList());
        int room = FindingNote.MAX_TEXT - head.length() - ids.length();
        if (body.length() > room) {
            body = body.substring(0, Math.max(0, room - 1)) + "…";
        }
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("hub-responder.action", action.name());
        fields.put("hub-responder.ledgerId", settled.get(0).ledgerId() == null ? "-" : settled.get(0).ledgerId());
        fields.put("hub-responder.state", String.join(",", settled.stream().map(a -> a.result().name())
                .distinct().toList()));
        return new FindingNote(finding, head + body + ids, workflow(finding, settled), fields);
    }

    /** NOTIFIED, or RESOLVED when an analyst's unblock took an address out; a closed finding stays closed. */
    private static WorkflowMark workflow(Finding finding, List<AddressOutcome> settled) {
        String current = finding.workflowStatus();
        if ("RESOLVED".equals(current) || "SUPPRESSED".equals(current)) {
            return WorkflowMark.UNCHANGED;
        }
        boolean released = settled.stream().anyMatch(a -> a.result() == AddressOutcome.Result.UNBLOCKED);
        return released ? WorkflowMark.RESOLVED : WorkflowMark.NOTIFIED;
    }
}
