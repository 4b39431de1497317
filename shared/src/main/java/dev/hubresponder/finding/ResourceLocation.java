package dev.hubresponder.finding;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Where a resource is: the partition, account and Region its ARN names. Containment acts there and nowhere else
 * (in the stack's own account and Region with the function's role, elsewhere through the member role).
 *
 * @param partition {@code aws}, {@code aws-cn}, {@code aws-us-gov}, …
 * @param accountId the 12-digit account
 * @param region    the Region, e.g. {@code us-west-2}
 */
public record ResourceLocation(String partition, String accountId, String region) {

    /** Partitions the responder knows; an ARN in any other is refused rather than guessed at. */
    public static final Set<String> KNOWN_PARTITIONS = Set.of("aws", "aws-cn", "aws-us-gov", "aws-iso",
            "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc");

    public ResourceLocation {
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(region, "region");
    }

    /**
     * The location an ARN names, when it names a partition, a 12-digit account and a Region; empty for text that is
     * not an ARN and for global or account-less ARNs, which containment never acts on.
     */
    public static Optional<ResourceLocation> ofArn(String arn) {
        AwsArn parsed = AwsArn.parse(arn);
        if (parsed == null || !JsonFields.isAccountId(parsed.account()) || !isRegionText(parsed.region())) {
            return Optional.empty();
        }
        return Optional.of(new ResourceLocation(parsed.partition(), parsed.account(), parsed.region()));
    }

    /**
     * The location of the resource of a finding that names {@code target} (an instance id or a task ARN), read from
     * that resource's ARN; empty when no resource of the finding names it with a usable ARN. Containment that cannot
     * place its target refuses (fail closed).
     */
    public static Optional<ResourceLocation> ofTarget(Finding finding, String target) {
        if (target == null) {
            return Optional.empty();
        }
        for (Resource resource : finding.resources()) {
            boolean names = (resource.ec2() != null && target.equals(resource.ec2().instanceId()))
                    || (resource.ecs() != null && target.equals(resource.ecs().taskArn()))
                    || target.equals(resource.id());
            if (names && resource.hasArn()) {
                Optional<ResourceLocation> location = ofArn(target.startsWith("arn:") ? target : resource.id());
                if (location.isPresent()) {
                    return location;
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Where credentials are acted on: the account they belong to, in the partition of their role's ARN (else of the
     * finding's product ARN) and the finding's Region. IAM is global, so the Region only says which Region's
     * clients act; empty when the account, partition or Region cannot be told.
     */
    public static Optional<ResourceLocation> ofCredentials(Finding finding, CredentialDetails credentials) {
        AwsArn role = AwsArn.parse(credentials.roleArn());
        AwsArn product = AwsArn.parse(finding.productArn());
        String partition = role != null ? role.partition() : product != null ? product.partition() : null;
        String account = credentials.accountId();
        if (partition == null || account == null || !JsonFields.isAccountId(account) || finding.region() == null
                || !isRegionText(finding.region())) {
            return Optional.empty();
        }
        return Optional.of(new ResourceLocation(partition, account, finding.region()));
    }

    /** True for text of lower-case letters, digits and dashes only, what a Region can be. */
    private static boolean isRegionText(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9') && c != '-') {
                return false;
            }
        }
        return true;
    }

    /** True for a partition in {@link #KNOWN_PARTITIONS}. */
    public boolean knownPartition() {
        return KNOWN_PARTITIONS.contains(partition);
    }

    /** For people: {@code account 111122223333 in us-west-2}. */
    @Override
    public String toString() {
        return "account " + accountId + " in " + region;
    }
}
