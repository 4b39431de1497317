package dev.hubresponder.testing;

import dev.hubresponder.finding.Finding;
import dev.hubresponder.finding.FindingSchema;
import dev.hubresponder.finding.ResourceRole;
import dev.hubresponder.finding.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Findings as intake produces them, for tests of what happens after the decision. */
public final class TestFindings {
    public static final String GUARDDUTY = "arn:aws:securityhub:us-east-1::product/aws/guardduty";

    private TestFindings() {
    }

    /** A critical GuardDuty finding in an account, first seen at {@code firstObservedAt}. */
    public static Finding guardDuty(String id, String accountId, Instant firstObservedAt) {
        return new Finding(FindingSchema.ASFF, id, GUARDDUTY, "GuardDuty", "Amazon", accountId, "us-east-1",
                List.of("TTPs/Initial Access/UnauthorizedAccess:EC2-SSHBruteForce"), Severity.CRITICAL, 90.0,
                "ACTIVE", "NEW", "SSH brute force against i-0abc", "", firstObservedAt, firstObservedAt,
                firstObservedAt, List.of(), List.of(), ResourceRole.TARGET, Map.of(), null);
    }

    /**
     * A critical finding imported under the account's own default product ARN and calling itself GuardDuty: what
     * anyone with {@code BatchImportFindings} in the account can forge. Never trusted.
     */
    public static Finding forged(String id, String accountId) {
        return new Finding(FindingSchema.ASFF, id, "arn:aws:securityhub:us-east-1:" + accountId + ":product/"
                + accountId + "/default", "GuardDuty", "Amazon", accountId, "us-east-1",
                List.of("TTPs/Command and Control/Backdoor:EC2-C&CActivity.B"), Severity.CRITICAL, 90.0, "ACTIVE",
                "NEW", "forged C&C finding", "", Instant.EPOCH, Instant.EPOCH, Instant.EPOCH, List.of(), List.of(),
                ResourceRole.ACTOR, Map.of(), null);
    }

    /** A HIGH finding of the given producer (its product ARN), with nothing else to say. */
    public static Finding ofProduct(String id, String accountId, String productArn) {
        return new Finding(FindingSchema.ASFF, id, productArn, "product", "company", accountId, "us-east-1",
                List.of("Software and Configuration Checks/Industry and Regulatory Standards"), Severity.HIGH, 70.0,
                "ACTIVE", "NEW", "a finding", "", Instant.EPOCH, Instant.EPOCH, Instant.EPOCH, List.of(), List.of(),
                ResourceRole.TARGET, Map.of(), null);
    }

    /** An OCSF finding as Security Hub v2 publishes it. */
    public static Finding ocsf(String id, String accountId, String metadataUid) {
        return new Finding(FindingSchema.OCSF, id, "arn:aws:securityhub:us-east-1::productv2/aws/guardduty",
                "GuardDuty", "Amazon", accountId, "us-east-1", List.of(), Severity.HIGH, null, "ACTIVE", "NEW",
                "t", "", Instant.EPOCH, Instant.EPOCH, Instant.EPOCH, List.of(), List.of(), ResourceRole.TARGET,
                Map.of(), metadataUid);
    }
}
