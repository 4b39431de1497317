package dev.hubresponder.containment.credentials;

import dev.hubresponder.finding.AwsArn;
import dev.hubresponder.finding.Finding;
import dev.hubresponder.finding.ResourceLocation;
import dev.hubresponder.ledger.ActedIn;
import dev.hubresponder.ledger.LedgerEntry;
import dev.hubresponder.policy.ResponseAction;
import java.util.Optional;

/** Which ledger records stand for a revocation that is (at least partly) in place. */
final class RevocationRecords {
    private RevocationRecords() {
    }

    /**
     * Where a revocation acted: the account and Region its record says ({@link ActedIn}), else the account of its
     * evidence and the releasing finding's Region (IAM is global: the Region only picks the clients); the partition
     * of the role's ARN, else of the releasing finding's product. Empty when any of them cannot be told (the
     * release is then refused).
     */
    static Optional<ResourceLocation> actedIn(LedgerEntry revocation, RevocationEvidence evidence, Finding release) {
        String account = revocation.artifacts().getOrDefault(ActedIn.ACCOUNT, evidence.accountId());
        String region = ActedIn.region(revocation) != null ? ActedIn.region(revocation) : release.region();
        AwsArn arn = AwsArn.parse(evidence.role() != null ? evidence.role().roleArn() : release.productArn());
        if (arn == null || account == null || !account.matches("\\d{12}") || region == null || region.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new ResourceLocation(arn.partition(), account, region));
    }

    /**
     * True for a revocation record with evidence that has not been released: done, under way, failed part-way, or
     * stopped part-way by the kill switch (refused with steps completed).
     */
    static boolean isUnreleasedRevocation(LedgerEntry entry) {
        if (entry.key().action() != ResponseAction.REVOKE_CREDENTIALS || entry.preState() == null) {
            return false;
        }
        return switch (entry.state()) {
            case DONE, PLANNED, FAILED -> true;
            case REFUSED -> !entry.completedSteps().isEmpty();
            case SHADOW, RELEASED -> false;
        };
    }
}
