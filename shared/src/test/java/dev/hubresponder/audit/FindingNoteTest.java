package dev.hubresponder.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubresponder.finding.Finding;
import dev.hubresponder.ledger.ActionKey;
import dev.hubresponder.ledger.LedgerEntry;
import dev.hubresponder.ledger.LedgerState;
import dev.hubresponder.policy.ResponseAction;
import dev.hubresponder.testing.TestFindings;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FindingNoteTest {
    static final Instant T = Instant.parse("2026-11-26T10:00:00Z");
    final Finding finding = TestFindings.guardDuty("f-1", "111122223333", T);

    LedgerEntry entry(ResponseAction action, String target, LedgerState state, String reason) {
        ActionKey key = new ActionKey(finding.id(), action, target);
        return new LedgerEntry(key, key.ledgerId(), state, reason, finding.productArn(), finding.accountId(),
                "CRITICAL", null, List.of(), Map.of(), T, T, null, 2);
    }

    @Test
    void saysWhatWasDoneToWhatWithLedgerIdAndTicket() {
        LedgerEntry done = entry(ResponseAction.QUARANTINE_INSTANCE, "i-0abc", LedgerState.DONE, "quarantined i-0abc");

        FindingNote note = FindingNote.of(finding, done, "SEC-12");

        assertThat(note.text()).isEqualTo("hub-responder DONE QUARANTINE_INSTANCE i-0abc: quarantined i-0abc [ledger "
                + done.ledgerId() + ", ticket SEC-12]");
        assertThat(note.workflow()).isEqualTo(WorkflowMark.NOTIFIED);
        assertThat(note.fields()).containsOnly(
                Map.entry("hub-responder.ledgerId", done.ledgerId()),
                Map.entry("hub-responder.action", "QUARANTINE_INSTANCE"),
                Map.entry("hub-responder.state", "DONE"),
                Map.entry("hub-responder.ticket", "SEC-12"));
    }

    @Test
    void carriesNoInvisibleCharactersOrLineBreaksFromTheFinding() {
        LedgerEntry refused = entry(ResponseAction.BLOCK_ADDRESS, "1.2.3.4\u200B\uDB40\uDC01", LedgerState.REFUSED,
                "'1.2.3.4\u200B\uDB40\uDC01' is not an address\nInjected: line");

        FindingNote note = FindingNote.of(finding, refused, null);

        assertThat(note.text()).isEqualTo("hub-responder REFUSED BLOCK_ADDRESS 1.2.3.4: '1.2.3.4' is not an address"
                + " Injected: line [ledger " + refused.ledgerId() + "]");
    }

    @Test
    void cutsALongReasonButKeepsTheIds() {
        LedgerEntry refused = entry(ResponseAction.TICKET, null, LedgerState.REFUSED, "x".repeat(2000));

        FindingNote note = FindingNote.of(finding, refused, null);

        assertThat(note.text()).hasSize(FindingNote.MAX_TEXT).startsWith("hub-responder REFUSED TICKET: xxx")
                .endsWith("… [ledger " + refused.ledgerId() + "]");
    }

    @Test
    void resolvesOnlyOnRelease() {
        assertThat(FindingNote.of(finding, entry(ResponseAction.QUARANTINE_INSTANCE, "i-0abc", LedgerState.RELEASED,
                "released by analyst"), null).workflow()).isEqualTo(WorkflowMark.RESOLVED);
        assertThat(FindingNote.of(finding, entry(ResponseAction.QUARANTINE_INSTANCE, "i-0abc", LedgerState.FAILED,
                "no ENI"), null).workflow()).isEqualTo(WorkflowMark.NOTIFIED);
    }

    @Test
    void leavesTheStatusOfASuppressedFindingAlone() {
        Finding suppressed = new Finding(finding.schema(), finding.id(), finding.productArn(), null, null,
                finding.accountId(), null, List.of(), finding.severity(), null, "ACTIVE", "SUPPRESSED", null, null,
                null, null, null, List.of(), List.of(), finding.resourceRole(), Map.of(), null);

        FindingNote note = FindingNote.of(suppressed, entry(ResponseAction.ALERT, null, LedgerState.DONE, "sent"), null);

        assertThat(note.workflow()).isEqualTo(WorkflowMark.UNCHANGED);
    }

    @Test
    void refusesFieldsOutsideTheResponderPrefix() {
        assertThatThrownBy(() -> new FindingNote(finding, "t", WorkflowMark.NOTIFIED, Map.of("owner", "me")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("owner");
    }
}
