package dev.hubresponder.containment.ecs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StopReasonTest {

    @Test
    void namesTheFindingAndTheLedgerRecord() {
        assertThat(StopTask.stopReason("f-123", "hr-0a1b2c3d4e5f"))
                .isEqualTo("hub-responder: Security Hub finding f-123 (ledger hr-0a1b2c3d4e5f)");
    }

    @Test
    void keepsTheEndOfAFindingIdTooLongForEcs() {
        String id = "arn:aws:securityhub:us-east-1:111122223333:product/acme/scanner/" + "x".repeat(300) + "-tail42";

        String reason = StopTask.stopReason(id, "hr-0a1b2c3d4e5f");

        assertThat(reason).hasSize(StopTask.MAX_STOP_REASON).contains("-tail42 (ledger hr-0a1b2c3d4e5f)");
    }
}
