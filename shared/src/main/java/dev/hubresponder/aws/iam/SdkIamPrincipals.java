package dev.hubresponder.aws.iam;

import dev.hubresponder.containment.Change;
import dev.hubresponder.containment.Lookup;
import dev.hubresponder.containment.credentials.IamPrincipals;
import dev.hubresponder.containment.credentials.IamUnavailableException;
import dev.hubresponder.containment.credentials.RevokeSessionsPolicy;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKeyLastUsed;
import software.amazon.awssdk.services.iam.model.AccessKeyMetadata;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.Group;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.StatusType;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.iam.model.User;

/**
 * {@link IamPrincipals} over the AWS SDK's IAM client. The client for an account comes from one injected function,
 * so that cross-account containment can hand in a member account's client; the stack's own account passes
 * {@code account -> iam}. Throttling, 5xx answers and network failures (after the SDK's own retries) become
 * {@link IamUnavailableException}; everything else IAM answers becomes an outcome.
 */
public final class SdkIamPrincipals implements IamPrincipals {
    private final Function<String, IamClient> clients;

    /**
     * @param clients the IAM client to use for an account id
     */
    public SdkIamPrincipals(Function<String, IamClient> clients) {
        this.clients = Objects.requireNonNull(clients, "clients");
    }

    @Override
    public Lookup<UserKeyEvidence> describeUserKey(String accountId, String userName, String accessKeyId) {
        IamClient iam = clients.apply(accountId);
        String doing = "reading IAM user " + userName + " and its access key " + accessKeyId;
        try {
            User user = iam.getUser(r -> r.userName(userName)).user();
            List<AccessKeyMetadata> keys = new ArrayList<>();
            iam.listAccessKeysPaginator(r -> r.userName(userName)).accessKeyMetadata().forEach(keys::add);
            AccessKeyMetadata key = keys.stream().filter(k -> accessKeyId.equals(k.accessKeyId())).findFirst()
                    .orElse(null);
            if (key == null) {
                return Lookup.missing("IAM user " + userName + " has no access key " + accessKeyId);
            }
            Map<String, String> others = new LinkedHashMap<>();
            keys.stream().filter(k -> !accessKeyId.equals(k.accessKeyId()))
                    .forEach(k -> others.put(k.accessKeyId(), k.statusAsString()));
            AccessKeyLastUsed lastUsed = iam.getAccessKeyLastUsed(r -> r.accessKeyId(accessKeyId))
                    .accessKeyLastUsed();
            List<String> attached = new ArrayList<>();
            iam.listAttachedUserPoliciesPaginator(r -> r.userName(userName)).attachedPolicies()
                    .forEach(p -> attached.add(p.policyName()));
            List<String> inline = new ArrayList<>();
            iam.listUserPoliciesPaginator(r -> r.userName(userName)).policyNames().forEach(inline::add);
            List<String> groups = new ArrayList<>();
            iam.listGroupsForUserPaginator(r -> r.userName(userName)).groups().stream().map(Group::groupName)
                    .forEach(groups::add);
            Map<String, String> tags = new LinkedHashMap<>();
            iam.listUserTagsPaginator(r -> r.userName(userName)).tags().forEach(t -> tags.put(t.key(), t.value()));
            return Lookup.found(new UserKeyEvidence(userName, user.arn(), accessKeyId, key.statusAsString(),
                    text(key.createDate()), lastUsed == null ? null : text(lastUsed.lastUsedDate()),
                    lastUsed == null ? null : notApplicable(lastUsed.serviceName()),
                    lastUsed == null ? null : notApplicable(lastUsed.region()), others, attached, inline, groups,
                    tags));
        } catch (NoSuchEntityException e) {
            return Lookup.missing(describe(e));
        } catch (SdkException e) {
            return Lookup.unreadable(permanentOrThrow(doing, e));
        }
    }

    @Override
    public Lookup<RoleEvidence> describeRole(String accountId, String roleName) {
        IamClient iam = clients.apply(accountId);
        String doing = "reading role " + roleName;
        try {
            Role role = iam.getRole(r -> r.roleName(roleName)).role();
            List<String> attached = new ArrayList<>();
            iam.listAttachedRolePoliciesPaginator(r -> r.roleName(roleName)).attachedPolicies().stream()
                    .map(AttachedPolicy::policyName).forEach(attached::add);
            List<String> inline = new ArrayList<>();
            iam.listRolePoliciesPaginator(r -> r.roleName(roleName)).policyNames().forEach(inline::add);
            Map<String, String> tags = new LinkedHashMap<>();
            iam.listRoleTagsPaginator(r -> r.roleName(roleName)).tags().forEach(t -> tags.put(t.key(), t.value()));
            String revokePolicy = inline.contains(RevokeSessionsPolicy.NAME)
                    ? decoded(iam.getRolePolicy(r -> r.roleName(roleName).policyName(RevokeSessionsPolicy.NAME))
                    .policyDocument())
                    : null;
            return Lookup.found(new RoleEvidence(roleName, role.arn(), role.path(), attached, inline, tags,
                    revokePolicy));
        } catch (NoSuchEntityException e) {
            return Lookup.missing(describe(e));
        } catch (SdkException e) {
            return Lookup.unreadable(permanentOrThrow(doing, e));
        }
    }

    @Override
    public Change setAccessKeyStatus(String accountId, String userName, String accessKeyId, boolean active) {
        return change("UpdateAccessKey of " + accessKeyId + " of IAM user " + userName + " to "
                + (active ? "Active" : "Inactive"), () -> clients.apply(accountId).updateAccessKey(r -> r
                .userName(userName).accessKeyId(accessKeyId).status(active ? StatusType.ACTIVE : StatusType.INACTIVE)));
    }

    @Override
    public Change tagUser(String accountId, String userName, Map<String, String> tags) {
        return change("TagUser of " + userName, () -> clients.apply(accountId).tagUser(r -> r.userName(userName)
                .tags(tags(tags))));
    }

    @Override
    public Change untagUser(String accountId, String userName, List<String> tagKeys) {
        return change("UntagUser of " + userName, () -> clients.apply(accountId).untagUser(r -> r
                .userName(userName).tagKeys(tagKeys)));
    }

    @Override
    public Change putRevokePolicy(String accountId, String roleName, String policyDocument) {
        return change("PutRolePolicy " + RevokeSessionsPolicy.NAME + " on role " + roleName,
                () -> clients.apply(accountId).putRolePolicy(r -> r.roleName(roleName)
                        .policyName(RevokeSessionsPolicy.NAME).policyDocument(policyDocument)));
    }

    @Override
    public Change deleteRevokePolicy(String accountId, String roleName) {
        return change("DeleteRolePolicy " + RevokeSessionsPolicy.NAME + " of role " + roleName,
                () -> clients.apply(accountId).deleteRolePolicy(r -> r.roleName(roleName)
                        .policyName(RevokeSessionsPolicy.NAME)));
    }

    @Override
    public Change tagRole(String accountId, String roleName, Map<String, String> tags) {
        return change("TagRole of " + roleName, () -> clients.apply(accountId).tagRole(r -> r.roleName(roleName)
                .tags(tags(tags))));
    }

    @Override
    public Change untagRole(String accountId, String roleName, List<String> tagKeys) {
        return change("UntagRole of " + roleName, () -> clients.apply(accountId).untagRole(r -> r
                .roleName(roleName).tagKeys(tagKeys)));
    }

    private static Change change(String doing, Supplier<?> call) {
        try {
            call.get();
            return Change.done();
        } catch (NoSuchEntityException e) {
            return Change.missing(doing + ": " + describe(e));
        } catch (SdkException e) {
            return Change.failed(permanentOrThrow(doing, e));
        }
    }

    private static List<Tag> tags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    /** IAM returns policy documents URL-encoded (RFC 3986). */
    private static String decoded(String document) {
        if (document == null || document.trim().startsWith("{")) {
            return document;
        }
        return URLDecoder.decode(document, StandardCharsets.UTF_8);
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    /** IAM answers {@code N/A} for a key that was never used. */
    private static String notApplicable(String value) {
        return value == null || "N/A".equals(value) ? null : value;
    }

    private static String permanentOrThrow(String doing, SdkException e) {
        boolean retryable = e instanceof SdkClientException
                || e instanceof AwsServiceException service && (service.isThrottlingException()
                || service.statusCode() >= 500);
        if (retryable) {
            throw new IamUnavailableException(doing + " failed, worth retrying: " + describe(e), e);
        }
        return doing + " failed: " + describe(e);
    }

    private static String describe(SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            return service.awsErrorDetails().errorCode() + ": " + service.awsErrorDetails().errorMessage();
        }
        return e.getMessage();
    }
}
