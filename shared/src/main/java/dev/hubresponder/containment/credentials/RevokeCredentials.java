package dev.hubresponder.containment.credentials;

import dev.hubresponder.action.ActionOutcome;
import dev.hubresponder.action.ActionProgress;
import dev.hubresponder.action.ActionRunner;
import dev.hubresponder.action.Reach;
import dev.hubresponder.action.Reachable;
import dev.hubresponder.action.WorkResult;
import dev.hubresponder.config.ResponderConfig;
import dev.hubresponder.containment.Change;
import dev.hubresponder.containment.ChangeStatus;
import dev.hubresponder.containment.Lookup;
import dev.hubresponder.containment.LookupStatus;
import dev.hubresponder.containment.credentials.IamPrincipals.RoleEvidence;
import dev.hubresponder.containment.credentials.IamPrincipals.UserKeyEvidence;
import dev.hubresponder.finding.CredentialDetails;
import dev.hubresponder.finding.Finding;
import dev.hubresponder.finding.RemoteAddress;
import dev.hubresponder.finding.Resource;
import dev.hubresponder.finding.ResourceLocation;
import dev.hubresponder.ledger.ActedIn;
import dev.hubresponder.ledger.ActionLedger;
import dev.hubresponder.ledger.ConcurrentLedgerUpdateException;
import dev.hubresponder.ledger.LedgerEntry;
import dev.hubresponder.ledger.LedgerState;
import dev.hubresponder.policy.PlannedAction;
import dev.hubresponder.policy.ResponseAction;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Revokes the credentials a finding names, the way AWS's guidance for compromised credentials does, resumably and
 * undoably:
 * <ul>
 *   <li><b>An IAM user's access key</b> ({@code AKIA…}): {@code UpdateAccessKey} to {@code Inactive} (never deleted:
 *       it is evidence, and release re-activates it), then a tag on the user naming the finding and ledger
 *       record.</li>
 *   <li><b>A role session</b> ({@code ASIA…}; for instance-credential exfiltration, the instance profile's role): the
 *       inline policy {@value RevokeSessionsPolicy#NAME}, denying everything to sessions issued before now
 *       ({@link RevokeSessionsPolicy}), then a tag on the role. The role's other policies are never touched.</li>
 * </ul>
 * The {@link ActionRunner} makes it happen once per (finding, credentials) and applies the kill switch, shadow mode
 * and the hourly cap (a revocation counts towards it). The work then reads the principal live and refuses when it
 * carries the protection tag, matches {@code RESPONDER_NEVER_REVOKE_PRINCIPALS}, is a service-linked role, does not
 * exist or cannot be read (fail closed); records the evidence ({@link RevocationEvidence}) before the first change;
 * and records each step as it completes, so that a retry resumes after the last one.
 */
public final class RevokeCredentials {
    /** Ledger artifact: the moment before which a role's sessions are denied (ISO-8601). */
    public static final String ISSUED_BEFORE = "sessionsIssuedBefore";
    /** Ledger artifact on a record that found the key already deactivated under another record. */
    public static final String REVOKED_UNDER = "revokedUnder";
    static final String DEACTIVATE_KEY = "deactivate-key";
    static final String TAG_USER = "tag-user";
    static final String DENY_OLDER_SESSIONS = "deny-older-sessions";
    static final String TAG_ROLE = "tag-role";

    private final ActionRunner runner;
    private final ActionLedger ledger;
    private final Reachable<IamPrincipals> iam;
    private final ResponderConfig config;
    private final CredentialSettings settings;
    private final Clock clock;

    /**
     * @param iam IAM in the account the credentials belong to: the function's own clients at home, the member role
     *            elsewhere ({@code dev.hubresponder.aws.member.MemberClients})
     */
    public RevokeCredentials(ActionRunner runner, ActionLedger ledger, Reachable<IamPrincipals> iam,
                             ResponderConfig config, CredentialSettings settings, Clock clock) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.iam = Objects.requireNonNull(iam, "iam");
        this.config = Objects.requireNonNull(config, "config");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Revokes the credentials a {@link ResponseAction#REVOKE_CREDENTIALS} action names.
     *
     * @throws IamUnavailableException when IAM failed in a way worth retrying (the ledger keeps the steps done)
     * @throws dev.hubresponder.action.ActionInProgressException when another delivery is working on it
     */
    public ActionOutcome revoke(Finding finding, PlannedAction action) {
        if (action.action() != ResponseAction.REVOKE_CREDENTIALS) {
            throw new IllegalArgumentException("not a revocation: " + action.action());
        }
        return runner.run(action, finding, progress -> contain(progress, finding, action),
                shadow -> recordWouldDo(shadow, finding));
    }

    private WorkResult contain(ActionProgress progress, Finding finding, PlannedAction action) {
        Guarded guarded = guarded(finding, action.target());
        if (guarded.refusal() != null) {
            return WorkResult.refused(guarded.refusal());
        }
        if (!progress.entry().artifacts().containsKey(ActedIn.ACCOUNT)) {
            progress.addArtifacts(ActedIn.artifacts(guarded.where()));
        }
        return guarded.user() != null
                ? revokeKey(guarded.iam(), progress, finding, guarded.credentials(), guarded.user())
                : revokeSessions(guarded.iam(), progress, finding, guarded.credentials(), guarded.role());
    }

    private WorkResult revokeKey(IamPrincipals iam, ActionProgress progress, Finding finding,
                                 CredentialDetails credentials, UserKeyEvidence user) {
        String key = credentials.accessKeyId();
        String account = credentials.accountId();
        if (progress.preState().isEmpty()) {
            Optional<LedgerEntry> holder = unreleasedRevocation(key, progress.entry());
            if (holder.isPresent()) {
                progress.addArtifact(REVOKED_UNDER, holder.get().ledgerId());
                return WorkResult.done("access key " + key + " of IAM user " + user.userName() + " is already"
                        + " deactivated under " + holder.get().ledgerId() + " (finding "
                        + holder.get().key().findingId() + "); release restores it from that record");
            }
            progress.recordPreState(evidence(finding, credentials, user, null).toJson());
        }
        if (!progress.isCompleted(DEACTIVATE_KEY)) {
            Change change = iam.setAccessKeyStatus(account, user.userName(), key, false);
            if (change.status() != ChangeStatus.DONE) {
                return WorkResult.failed("deactivating access key " + key + " of IAM user " + user.userName()
                        + " failed: " + change.reason() + "; nothing was changed");
            }
            progress.completeStep(DEACTIVATE_KEY);
        }
        if (!progress.isCompleted(TAG_USER)) {
            Change change = iam.tagUser(account, user.userName(), CredentialTags.of(key, finding.id(),
                    progress.entry().ledgerId(), clock.instant().truncatedTo(ChronoUnit.SECONDS)));
            if (change.status() != ChangeStatus.DONE) {
                return WorkResult.failed("access key " + key + " of IAM user " + user.userName() + " deactivated,"
                        + " but tagging the user failed: " + change.reason() + "; completed: " + DEACTIVATE_KEY);
            }
            progress.completeStep(TAG_USER);
        }
        return WorkResult.done(keySummary(user, key));
    }

    private WorkResult revokeSessions(IamPrincipals iam, ActionProgress progress, Finding finding,
                                      CredentialDetails credentials, RoleEvidence role) {
        String account = credentials.accountId();
        if (progress.preState().isEmpty()) {
            progress.recordPreState(evidence(finding, credentials, null, role).toJson());
        }
        String issuedBefore = progress.entry().artifacts().get(ISSUED_BEFORE);
        if (issuedBefore == null) {
            issuedBefore = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
            progress.addArtifact(ISSUED_BEFORE, issuedBefore);
        }
        if (!progress.isCompleted(DENY_OLDER_SESSIONS)) {
            Change change = iam.putRevokePolicy(account, role.roleName(),
                    RevokeSessionsPolicy.document(Instant.parse(issuedBefore)));
            if (change.status() != ChangeStatus.DONE) {
                return WorkResult.failed("revoking the sessions of role " + role.roleName() + " failed: "
                        + change.reason() + "; nothing was changed");
            }
            progress.completeStep(DENY_OLDER_SESSIONS);
        }
        if (!progress.isCompleted(TAG_ROLE)) {
            Change change = iam.tagRole(account, role.roleName(), CredentialTags.of("sessions-before-"
                    + issuedBefore, finding.id(), progress.entry().ledgerId(), Instant.parse(issuedBefore)));
            if (change.status() != ChangeStatus.DONE) {
                return WorkResult.failed("sessions of role " + role.roleName() + " issued before " + issuedBefore
                        + " revoked, but tagging the role failed: " + change.reason() + "; completed: "
                        + DENY_OLDER_SESSIONS);
            }
            progress.completeStep(TAG_ROLE);
        }
        return WorkResult.done(sessionsSummary(role, credentials, issuedBefore));
    }

    /** The live principal, or why containment must not touch it. */
    /**
     * The credentials the finding names, where they belong, and the live principal there; or why containment must
     * not touch them.
     */
    private Guarded guarded(Finding finding, String target) {
        Optional<CredentialDetails> named = finding.resources().stream().map(Resource::credentials)
                .filter(Objects::nonNull).filter(c -> Objects.equals(target, c.target())).findFirst();
        if (named.isEmpty()) {
            return Guarded.refused("the finding names no credentials " + target);
        }
        if (named.get().refusal() != null) {
            return Guarded.refused(named.get().refusal());
        }
        Optional<ResourceLocation> where = ResourceLocation.ofCredentials(finding, named.get());
        if (where.isEmpty()) {
            return Guarded.refused("the account or Region of credentials " + target + " cannot be told from the"
                    + " finding, so where to act cannot be told");
        }
        Reach<IamPrincipals> reach = iam.at(where.get(), finding.id());
        if (!reach.reached()) {
            return Guarded.refused(reach.refusal());
        }
        Guarded live = guarded(reach.value(), named.get());
        return live.refusal() != null ? live : new Guarded(live.credentials(), live.user(), live.role(), null,
                reach.value(), where.get());
    }

    private Guarded guarded(IamPrincipals iam, CredentialDetails credentials) {
        String account = credentials.accountId();
        if (credentials.kind() == CredentialDetails.Kind.USER_KEY) {
            String userArn = "arn:aws:iam::" + account + ":user/" + credentials.userName();
            Lookup<UserKeyEvidence> lookup = iam.describeUserKey(account, credentials.userName(),
                    credentials.accessKeyId());
            String refusal = lookupRefusal(lookup, "access key " + credentials.accessKeyId() + " of IAM user "
                    + credentials.userName());
            if (refusal != null) {
                return Guarded.refused(refusal);
            }
            UserKeyEvidence user = lookup.value();
            String never = settings.neverRevokeMatch(userArn, user.userArn());
            if (never != null) {
                return Guarded.refused("IAM user " + user.userName() + " matches " + never + " in "
                        + CredentialSettings.NEVER_REVOKE_VARIABLE + ": never revoked");
            }
            if (protectedBy(user.tags())) {
                return Guarded.refused("IAM user " + user.userName() + " carries the protection tag "
                        + config.protectedTagKey() + "=" + user.tags().get(config.protectedTagKey()));
            }
            return new Guarded(credentials, user, null, null, iam, null);
        }
        Lookup<RoleEvidence> lookup = iam.describeRole(account, credentials.roleName());
        String refusal = lookupRefusal(lookup, "role " + credentials.roleName());
        if (refusal != null) {
            return Guarded.refused(refusal);
        }
        RoleEvidence role = lookup.value();
        if (role.path() != null && role.path().startsWith(CredentialDetails.SERVICE_LINKED_PATH_PREFIX)) {
            return Guarded.refused(role.roleArn() + " is a service-linked role: only its AWS service may change it");
        }
        String never = settings.neverRevokeMatch(credentials.roleArn(), role.roleArn());
        if (never != null) {
            return Guarded.refused("role " + role.roleName() + " matches " + never + " in "
                    + CredentialSettings.NEVER_REVOKE_VARIABLE + ": never revoked (the responder's own roles and"
                    + " the deploy role are listed there)");
        }
        if (protectedBy(role.tags())) {
            return Guarded.refused("role " + role.roleName() + " carries the protection tag "
                    + config.protectedTagKey() + "=" + role.tags().get(config.protectedTagKey()));
        }
        return new Guarded(credentials, null, role, null, iam, null);
    }

    private static String lookupRefusal(Lookup<?> lookup, String what) {
        if (lookup.status() == LookupStatus.MISSING) {
            return what + " does not exist: " + lookup.reason();
        }
        if (lookup.status() == LookupStatus.UNREADABLE) {
            return what + " cannot be read, so its protection cannot be checked: " + lookup.reason();
        }
        return null;
    }

    private boolean protectedBy(Map<String, String> tags) {
        String value = tags.get(config.protectedTagKey());
        return value != null && value.trim().equalsIgnoreCase(config.protectedTagValue());
    }

    /** Adds what a real run would have found and done to a shadow record: the evidence and steps, or the refusal. */
    private LedgerEntry recordWouldDo(LedgerEntry shadow, Finding finding) {
        if (shadow.preState() != null || shadow.artifacts().containsKey("wouldDo")
                || shadow.artifacts().containsKey("wouldRefuse")) {
            return shadow;
        }
        Guarded guarded = guarded(finding, shadow.key().target());
        Instant now = clock.instant();
        LedgerEntry changed;
        if (guarded.refusal() != null) {
            changed = shadow.withArtifact("wouldRefuse", guarded.refusal(), now);
        } else if (guarded.user() != null) {
            changed = shadow.withPreState(evidence(finding, guarded.credentials(), guarded.user(), null).toJson(), now)
                    .withArtifact("wouldDo", "deactivate access key " + guarded.credentials().accessKeyId()
                            + " of IAM user " + guarded.user().userName() + "; tag the user", now);
        } else {
            changed = shadow.withPreState(evidence(finding, guarded.credentials(), null, guarded.role()).toJson(), now)
                    .withArtifact("wouldDo", "put inline policy " + RevokeSessionsPolicy.NAME + " on role "
                            + guarded.role().roleName() + " denying sessions issued before now; tag the role", now);
        }
        try {
            return ledger.update(changed);
        } catch (ConcurrentLedgerUpdateException e) {
            return ledger.find(shadow.key()).orElse(shadow);
        }
    }

    private Optional<LedgerEntry> unreleasedRevocation(String target, LedgerEntry own) {
        return ledger.findByTarget(target).stream()
                .filter(e -> !e.key().equals(own.key()))
                .filter(RevocationRecords::isUnreleasedRevocation)
                .findFirst();
    }

    private static RevocationEvidence evidence(Finding finding, CredentialDetails credentials, UserKeyEvidence user,
                                               RoleEvidence role) {
        return new RevocationEvidence(credentials.kind(), credentials.accountId(), credentials.accessKeyId(), user,
                role, credentials.apiCalls(), finding.remoteAddresses().stream().map(RemoteAddress::text)
                .map(String::trim).distinct().toList());
    }

    private static String keySummary(UserKeyEvidence user, String key) {
        String others = user.otherKeys().entrySet().stream().filter(e -> "Active".equalsIgnoreCase(e.getValue()))
                .map(Map.Entry::getKey).sorted().collect(Collectors.joining(", "));
        return "access key " + key + " of IAM user " + user.userName() + " deactivated (was " + user.status()
                + (user.lastUsedAt() == null ? ", never used" : ", last used " + user.lastUsedAt() + " with "
                + user.lastUsedService() + " in " + user.lastUsedRegion()) + "), not deleted; "
                + (others.isEmpty() ? "the user has no other active key" : "the user's other active keys: " + others);
    }

    private static String sessionsSummary(RoleEvidence role, CredentialDetails credentials, String issuedBefore) {
        return "sessions of role " + role.roleName() + " issued before " + issuedBefore
                + (credentials.accessKeyId() == null ? "" : " (" + credentials.accessKeyId() + " among them)")
                + " denied by inline policy " + RevokeSessionsPolicy.NAME + "; the role's other policies are"
                + " unchanged";
    }

    /** The credentials and the live principal when every guard passed, else the first guard's refusal. */
    private record Guarded(CredentialDetails credentials, UserKeyEvidence user, RoleEvidence role,
                           String refusal, IamPrincipals iam, ResourceLocation where) {
        static Guarded refused(String reason) {
            return new Guarded(null, null, null, reason, null, null);
        }
    }
}
