package dev.hubresponder.containment.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuarantineTagsTest {

    @Test
    void keepsAGuardDutyFindingArnAsItIs() {
        String arn = "arn:aws:guardduty:us-east-1:123456789012:detector/d1/finding/f1";

        Map<String, String> tags = QuarantineTags.forInstance(arn, "hr-0c7937d3940f", Instant.EPOCH);

        assertThat(tags).containsEntry(QuarantineTags.FINDING_ID, arn)
                .containsEntry(QuarantineTags.QUARANTINED_AT, "1970-01-01T00:00:00Z");
    }

    @Test
    void replacesCharactersEc2TagsRejectAndCutsAt256() {
        String id = "finding#1?" + "x".repeat(300);

        String value = QuarantineTags.forSnapshot(id, "hr-1", "i-1").get(QuarantineTags.FINDING_ID);

        assertThat(value).startsWith("finding_1_x").hasSize(256);
    }
}
