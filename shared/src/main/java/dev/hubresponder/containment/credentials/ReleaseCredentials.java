package dev.hubresponder.containment.credentials;

import dev.hubresponder.action.ActionOutcome;
import dev.hubresponder.action.ActionProgress;
import dev.hubresponder.action.ActionRunner;
import dev.hubresponder.action.Reach;
import dev.hubresponder.action.Reachable;
import dev.hubresponder.action.WorkResult;
import dev.hubresponder.containment.Change;
import dev.hubresponder.containment.ChangeStatus;
import dev.hubresponder.finding.CredentialDetails;
import dev.hubresponder.finding.Finding;
import dev.hubresponder.finding.ResourceLocation;
import dev.hubresponder.ledger.ActionKey;
import dev.hubresponder.ledger.ActionLedger;
import dev.hubresponder.ledger.ConcurrentLedgerUpdateException;
import dev.hubresponder.ledger.LedgerEntry;
import dev.hubresponder.ledger.LedgerState;
import dev.hubresponder.policy.PlannedAction;
import dev.hubresponder.policy.ResponseAction;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Undoes a revocation from the evidence its ledger record holds: re-activates the user's key (only if it was
 * active before: a key found inactive stays inactive) or deletes the responder's own revoke policy from the role
 * (no other policy is touched), then removes the responder's tags. The release has its own ledger record (run once
 * per finding and target by the {@link ActionRunner}, resumable step by step); when it completes, every unreleased
 * revocation record of the target becomes {@link LedgerState#RELEASED}.
 *
 * <p>Refuses, changing nothing, when no unreleased revocation record exists for the target or its evidence cannot
 * be read.
 */
public final class ReleaseCredentials {
    /** Ledger artifact on the release record: the revocation record it restored from. */
    public static final String REVOCATION_RECORD = "revocationRecord";
    /** Ledger artifact on the release record: the finding of that revocation record (its key). */
    public static final String REVOCATION_FINDING = "revocationFinding";
    static final String REACTIVATE_KEY = "reactivate-key";
    static final String UNTAG_USER = "untag-user";
    static final String DELETE_REVOKE_POLICY = "delete-revoke-policy";
    static final String UNTAG_ROLE = "untag-role";

    private final ActionRunner runner;
    private final ActionLedger ledger;
    private final Reachable<IamPrincipals> iam;
    private final Clock clock;

    /** @param iam IAM in the account the revocation acted in: at home, or through the member role */
    public ReleaseCredentials(ActionRunner runner, ActionLedger ledger, Reachable<IamPrincipals> iam, Clock clock) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.iam = Objects.requireNonNull(iam, "iam");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Releases the credentials a {@link ResponseAction#RELEASE_CREDENTIALS} action names.
     *
     * @throws IamUnavailableException when IAM failed in a way worth retrying, or the revocation is in progress
     */
    public ActionOutcome release(Finding finding, PlannedAction action) {
        if (action.action() != ResponseAction.RELEASE_CREDENTIALS) {
            throw new IllegalArgumentException("not a release of credentials: " + action.action());
        }
        return runner.run(action, finding, progress -> restore(progress, finding, action.target()));
    }

    private WorkResult restore(ActionProgress progress, Finding finding, String target) {
        if (target == null || target.isBlank()) {
            return WorkResult.refused("the release names no credentials");
        }
        List<LedgerEntry> records = ledger.findByTarget(target).stream()
                .filter(e -> e.key().action() == ResponseAction.REVOKE_CREDENTIALS)
                .toList();
        Optional<LedgerEntry> newest = records.stream().filter(RevocationRecords::isUnreleasedRevocation)
                .findFirst();
        if (newest.isEmpty()) {
            Optional<LedgerEntry> released = records.stream().filter(e -> e.state() == LedgerState.RELEASED)
                    .filter(e -> e.preState() != null).findFirst();
            return released.isPresent()
                    ? WorkResult.done(target + " was already released (" + released.get().ledgerId() + ")")
                    : WorkResult.refused("no ledger record of a revocation of " + target
                    + ", so there is nothing to restore");
        }
        LedgerEntry revocation = ledger.find(newest.get().key()).orElse(newest.get());
        if (revocation.isLeasedAt(clock.instant())) {
            throw new IamUnavailableException("the revocation of " + target + " is in progress under "
                    + revocation.ledgerId() + " until " + revocation.leaseUntil() + "; release after it ends");
        }
        Optional<RevocationEvidence> read = RevocationEvidence.read(revocation.preState());
        if (read.isEmpty()) {
            return WorkResult.refused("the evidence in " + revocation.ledgerId() + " cannot be read");
        }
        RevocationEvidence evidence = read.get();
        if (!progress.entry().artifacts().containsKey(REVOCATION_RECORD)) {
            progress.addArtifact(REVOCATION_RECORD, revocation.ledgerId());
            progress.addArtifact(REVOCATION_FINDING, revocation.key().findingId());
        }
        Optional<ResourceLocation> where = RevocationRecords.actedIn(revocation, evidence, finding);
        if (where.isEmpty()) {
            return WorkResult.refused("the revocation " + revocation.ledgerId() + " does not say where it acted");
        }
        Reach<IamPrincipals> reach = iam.at(where.get(), finding.id());
        if (!reach.reached()) {
            return WorkResult.refused(reach.refusal());
        }
        IamPrincipals iam = reach.value();
        String restored;
        if (evidence.kind() == CredentialDetails.Kind.USER_KEY && evidence.user() != null) {
            String user = evidence.user().userName();
            boolean wasActive = "Active".equalsIgnoreCase(evidence.user().status());
            if (wasActive && !progress.isCompleted(REACTIVATE_KEY)) {
                Change change = iam.setAccessKeyStatus(evidence.accountId(), user, target, true);
                if (change.status() != ChangeStatus.DONE) {
                    return failed(progress, target, "re-activating the key failed: " + change.reason(), revocation);
                }
                progress.completeStep(REACTIVATE_KEY);
            }
            if (!progress.isCompleted(UNTAG_USER)) {
                Change change = iam.untagUser(evidence.accountId(), user, CredentialTags.KEYS);
                if (change.status() == ChangeStatus.FAILED) {
                    return failed(progress, target, "removing the user's tags failed: " + change.reason(),
                            revocation);
                }
                progress.completeStep(UNTAG_USER);
            }
            restored = wasActive ? "access key " + target + " of IAM user " + user + " active again"
                    : "access key " + target + " of IAM user " + user + " left inactive, as it was before the"
                    + " revocation";
        } else if (evidence.kind() == CredentialDetails.Kind.ROLE_SESSION && evidence.role() != null) {
            String role = evidence.role().roleName();
            if (!progress.isCompleted(DELETE_REVOKE_POLICY)) {
                Change change = iam.deleteRevokePolicy(evidence.accountId(), role);
                if (change.status() == ChangeStatus.FAILED) {
                    return failed(progress, target, "deleting inline policy " + RevokeSessionsPolicy.NAME
                            + " failed: " + change.reason(), revocation);
                }
                progress.completeStep(DELETE_REVOKE_POLICY);
            }
            if (!progress.isCompleted(UNTAG_ROLE)) {
                Change change = iam.untagRole(evidence.accountId(), role, CredentialTags.KEYS);
                if (change.status() == ChangeStatus.FAILED) {
                    return failed(progress, target, "removing the role's tags failed: " + change.reason(),
                            revocation);
                }
                progress.completeStep(UNTAG_ROLE);
            }
            restored = "inline policy " + RevokeSessionsPolicy.NAME + " deleted from role " + role + " (its other"
                    + " policies untouched): sessions issued before the revocation work again until they expire";
        } else {
            return WorkResult.refused("the evidence in " + revocation.ledgerId() + " names no user key or role");
        }
        markReleased(target, progress.entry(), finding, restored);
        return WorkResult.done(target + " released from " + revocation.ledgerId() + ": " + restored);
    }

    private static WorkResult failed(ActionProgress progress, String target, String failure, LedgerEntry revocation) {
        List<String> steps = progress.entry().completedSteps();
        return WorkResult.failed("release of " + target + " failed: " + failure + "; completed: "
                + (steps.isEmpty() ? "none" : String.join(", ", steps)) + "; the revocation record "
                + revocation.ledgerId() + " still holds the evidence");
    }

    /** Marks every unreleased revocation of the target (one key or one role policy) released. */
    private void markReleased(String target, LedgerEntry release, Finding finding, String restored) {
        String reason = "released by " + release.ledgerId() + " for finding " + finding.id() + ": " + restored;
        try {
            for (LedgerEntry record : ledger.findByTarget(target)) {
                boolean holder = RevocationRecords.isUnreleasedRevocation(record);
                boolean follower = record.key().action() == ResponseAction.REVOKE_CREDENTIALS
                        && record.state() == LedgerState.DONE
                        && record.artifacts().containsKey(RevokeCredentials.REVOKED_UNDER);
                if (holder || follower) {
                    LedgerEntry current = ledger.find(record.key()).orElse(record);
                    ledger.update(current.withArtifact("releasedBy", release.ledgerId(), clock.instant())
                            .withState(LedgerState.RELEASED, reason, clock.instant()));
                }
            }
        } catch (ConcurrentLedgerUpdateException e) {
            throw new IamUnavailableException("a revocation record of " + target + " changed while it was being"
                    + " marked released", e);
        }
    }

    /**
     * The revocation record a completed release restored from, now {@link LedgerState#RELEASED}: the record whose
     * note tells analysts the credentials work again (and resolves the finding, since a human asked for it).
     */
    public Optional<LedgerEntry> releasedRevocation(ActionOutcome releaseOutcome) {
        LedgerEntry release = releaseOutcome.entry();
        String revocationFinding = release.artifacts().get(REVOCATION_FINDING);
        if (release.state() != LedgerState.DONE || revocationFinding == null) {
            return Optional.empty();
        }
        return ledger.find(new ActionKey(revocationFinding, ResponseAction.REVOKE_CREDENTIALS,
                        release.key().target()))
                .filter(e -> e.state() == LedgerState.RELEASED);
    }
}
