package dev.hubresponder.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TicketLabelsTest {

    @Test
    void labelsAFindingWithAShortStableHashThatFitsEveryProvider() {
        String label = TicketLabels.forFinding(TestFindings.GUARDDUTY_ID, 1);

        assertThat(label).matches("hub-responder-[0-9a-f]{16}").hasSizeLessThanOrEqualTo(50);
        assertThat(TicketLabels.forFinding(TestFindings.GUARDDUTY_ID, 1)).isEqualTo(label);
        assertThat(TicketLabels.forFinding(TestFindings.GUARDDUTY_ID + "x", 1)).isNotEqualTo(label);
    }

    @Test
    void givesAReturningFindingsNewTicketItsOwnLabel() {
        assertThat(TicketLabels.forFinding("f", 2)).isEqualTo(TicketLabels.forFinding("f", 1) + "-r2");
    }
}
