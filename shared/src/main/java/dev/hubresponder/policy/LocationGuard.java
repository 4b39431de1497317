package dev.hubresponder.policy;

import dev.hubresponder.config.ResponderConfig;
import dev.hubresponder.finding.AwsArn;
import dev.hubresponder.finding.CredentialDetails;
import dev.hubresponder.finding.Finding;
import dev.hubresponder.finding.Resource;
import dev.hubresponder.finding.ResourceLocation;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where containment may act, checked before anything is planned on a resource: the account and Region the
 * resource's ARN names must agree with the finding's {@code AwsAccountId} and {@code Region} (and the resource's own
 * {@code Region} when it gives one), the partition must be one the responder knows, and the account and Region must
 * be allowed ({@code RESPONDER_ALLOWED_ACCOUNTS}, {@code RESPONDER_ALLOWED_REGIONS}; empty means all).
 *
 * <p>The functions then act in exactly that account and Region. A finding whose parts disagree is refused with the
 * disagreement as the reason: acting on "the same instance id" somewhere else is how a forged or mis-aggregated
 * finding would contain the wrong machine. Pure: no I/O.
 */
final class LocationGuard {
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");

    private final ResponderConfig config;

    LocationGuard(ResponderConfig config) {
        this.config = config;
    }

    /**
     * Why containment of (or release from) a resource must not happen, or empty when its location checks out.
     * Without a resource (a WAF block, which lands in the stack's own IP sets) only the finding's account and Region
     * are checked against the allow lists.
     */
    Optional<String> refusal(Finding finding, Resource resource) {
        if (resource == null) {
            return allowed(finding.accountId(), finding.region(), "the finding's");
        }
        if (resource.credentials() != null) {
            return credentialsRefusal(finding, resource.credentials());
        }
        Optional<ResourceLocation> parsed = ResourceLocation.ofArn(resource.id());
        if (parsed.isEmpty()) {
            return Optional.of("the resource id " + resource.id() + " is not an ARN naming an account and a Region,"
                    + " so where to act cannot be told");
        }
        ResourceLocation where = parsed.get();
        if (!where.knownPartition()) {
            return Optional.of("the resource ARN " + resource.id() + " is in partition '" + where.partition()
                    + "', which the responder does not know");
        }
        if (!where.accountId().equals(finding.accountId())) {
            return Optional.of("the resource ARN " + resource.id() + " names account " + where.accountId()
                    + " but the finding is about account " + finding.accountId() + " (AwsAccountId)");
        }
        if (finding.region() == null || finding.region().isBlank()) {
            return Optional.of("the finding names no Region, so the Region of " + resource.id()
                    + " cannot be checked");
        }
        if (!where.region().equals(finding.region())) {
            return Optional.of("the resource ARN " + resource.id() + " names Region " + where.region()
                    + " but the finding is from " + finding.region() + " (Region)");
        }
        if (resource.region() != null && !resource.region().isBlank() && !resource.region().equals(where.region())) {
            return Optional.of("the resource ARN " + resource.id() + " names Region " + where.region()
                    + " but the resource's Region field says " + resource.region());
        }
        return allowed(where.accountId(), where.region(), "the resource's");
    }

    /**
     * IAM is global: credentials belong to an account, not a Region. The account they name (and the account of the
     * role they were issued for, when the finding gives its ARN) must be the finding's; the finding's Region is
     * checked against the allow list like any other.
     */
    private Optional<String> credentialsRefusal(Finding finding, CredentialDetails credentials) {
        String account = credentials.accountId();
        if (account == null || !ACCOUNT_ID.matcher(account).matches()) {
            return Optional.of("the credentials " + credentials.target() + " name no account, so where to act"
                    + " cannot be told");
        }
        if (!account.equals(finding.accountId())) {
            return Optional.of("the credentials " + credentials.target() + " belong to account " + account
                    + " but the finding is about account " + finding.accountId() + " (AwsAccountId)");
        }
        if (credentials.roleArn() != null) {
            AwsArn role = AwsArn.parse(credentials.roleArn());
            if (role == null || !account.equals(role.account())) {
                return Optional.of("the role " + credentials.roleArn() + " is not in account " + account
                        + ", which the credentials name");
            }
            if (!ResourceLocation.KNOWN_PARTITIONS.contains(role.partition())) {
                return Optional.of("the role ARN " + credentials.roleArn() + " is in partition '" + role.partition()
                        + "', which the responder does not know");
            }
        }
        return allowed(account, finding.region(), "the finding's");
    }

    private Optional<String> allowed(String account, String region, String whose) {
        if (!config.allowedAccounts().isEmpty() && !config.allowedAccounts().contains(account)) {
            return Optional.of("account " + account + " is not in RESPONDER_ALLOWED_ACCOUNTS");
        }
        if (!config.allowedRegions().isEmpty()) {
            if (region == null || region.isBlank()) {
                return Optional.of(whose + " Region is not given, and RESPONDER_ALLOWED_REGIONS limits where"
                        + " containment acts");
            }
            if (!config.allowedRegions().contains(region)) {
                return Optional.of("Region " + region + " is not in RESPONDER_ALLOWED_REGIONS");
            }
        }
        return Optional.empty();
    }
}
