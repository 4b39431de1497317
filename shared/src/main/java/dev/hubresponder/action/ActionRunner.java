package dev.hubresponder.action;

import dev.hubresponder.config.ResponderConfig;
import dev.hubresponder.finding.Finding;
import dev.hubresponder.ledger.ActionKey;
import dev.hubresponder.ledger.ActionLedger;
import dev.hubresponder.ledger.ConcurrentLedgerUpdateException;
import dev.hubresponder.ledger.LedgerEntry;
import dev.hubresponder.ledger.LedgerState;
import dev.hubresponder.metrics.ResponderMetrics;
import dev.hubresponder.metrics.ResponderMetrics.ActionResult;
import dev.hubresponder.policy.PlannedAction;
import dev.hubresponder.policy.ResponseAction;
import dev.hubresponder.policy.TrustPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Runs each action at most once per (finding, action, target), whatever number of times or however concurrently
 * the finding is delivered: the idempotency of the responder. Functions call {@link #run} for every planned action
 * and {@link #refuse} for every refusal the policy made.
 *
 * <h2>Why the ledger, not Powertools idempotency</h2>
 * Powertools v2's idempotency module is not served here, and v1's ({@code powertools-idempotency} 1.15.0) needs
 * compile-time AspectJ weaving of every function: the only {@code aspectjtools} at hand, 1.9.7 (the weaving
 * plugin's default), predates Java 17 support. More to the point, it would be a second record of the same fact
 * beside the ledger — a table that says "completed" while the ledger says "planned" after a crash between the two
 * writes — and it cannot resume: it deletes its record on an exception and runs the whole function again, where
 * a half-done quarantine must continue from its last completed step with the pre-state it recorded before the
 * first change. So the same contract is kept on the ledger's own conditional writes:
 * <ul>
 *   <li><b>Key</b>: finding id + action + target ({@link ActionKey}), never the EventBridge event id (the same
 *       finding arrives in several events).</li>
 *   <li><b>Claim</b>: a conditional put; of concurrent deliveries exactly one runs the work.</li>
 *   <li><b>In progress</b>: the claim carries a lease ({@code lease}, at least the function's timeout, renewed on
 *       every recorded step). Another delivery during the lease gets {@link ActionInProgressException} (retryable,
 *       like Powertools' "already in progress"); after it, the delivery takes the record over and resumes.</li>
 *   <li><b>Retryable failure</b>: the work throws {@link RetryableActionException}; the lease is released at once
 *       (the record stays, with its completed steps) and the exception reaches Lambda, whose retry resumes.</li>
 *   <li><b>Permanent failure</b>: recorded as {@link LedgerState#FAILED} and returned normally: no retry.</li>
 *   <li><b>Expiry</b>: a done, failed or released record is final; it answers every later delivery with
 *       {@link ActionOutcome.Kind#ALREADY_DONE}. A refused or shadow record is decided again when the action is
 *       asked for again, and answers ALREADY_DONE while the same guard still holds it back. Containment records
 *       never expire; others may expire by TTL long after Security Hub stops re-sending their finding (see the
 *       ledger adapter).</li>
 * </ul>
 *
 * <h2>Guards applied here</h2>
 * For containment: the kill switch (also stops a resumed containment), shadow mode (records "would have", changes
 * nothing) and the {@link ContainmentCap}. For tickets and alerts of untrusted producers: the
 * {@link UntrustedProducerCap}; each one it holds back is recorded REFUSED with the cap's reason, counted and
 * logged. Shadow mode applies to any action {@link ResponderConfig#isShadow} names.
 */
public final class ActionRunner {
    private static final System.Logger LOG = System.getLogger(ActionRunner.class.getName());

    private final ActionLedger ledger;
    private final ResponderConfig config;
    private final ContainmentCap cap;
    private final UntrustedProducerCap untrustedCap;
    private final ResponderMetrics metrics;
    private final Duration lease;
    private final Clock clock;

    /**
     * @param lease how long a claimed action counts as in progress: at least the function's timeout, so that a live
     *              delivery is never taken over, and not much more, so that a crashed one is resumed soon
     */
    public ActionRunner(ActionLedger ledger, ResponderConfig config, ResponderMetrics metrics, Duration lease,
                        Clock clock) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.config = Objects.requireNonNull(config, "config");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.lease = Objects.requireNonNull(lease, "lease");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.cap = new ContainmentCap(ledger, config.maxContainmentsPerHour());
        this.untrustedCap = new UntrustedProducerCap(ledger, new TrustPolicy(config),
                config.maxUntrustedTicketsPerHour(), config.maxUntrustedAlertsPerHour());
    }

    /** Runs a planned action on a finding (its target and reason from the plan). */
    public ActionOutcome run(PlannedAction planned, Finding finding, ActionWork work) {
        return run(new ActionKey(finding.id(), planned.action(), planned.target()), finding, planned.reason(),
                planned.shadow(), work);
    }

    /**
     * Runs a planned containment; when shadow mode holds it back, {@code whatItWouldDo} completes the SHADOW record
     * with what the work would have done or refused (read live, changing nothing), so that shadow records can be
     * reviewed before shadow mode is switched off.
     */
    public ActionOutcome run(PlannedAction planned, Finding finding, ActionWork work,
                             UnaryOperator<LedgerEntry> whatItWouldDo) {
        ActionOutcome outcome = run(planned, finding, work);
        if (outcome.kind() != ActionOutcome.Kind.SHADOW) {
            return outcome;
        }
        return new ActionOutcome(outcome.kind(), whatItWouldDo.apply(outcome.entry()), outcome.capReachedNow());
    }

    /** Runs an action on a finding, with the policy's reason recorded while it is under way. */
    public ActionOutcome run(ActionKey key, Finding finding, String reason, ActionWork work) {
        return run(key, finding, reason, false, work);
    }

    /**
     * Records a refusal the policy made (once per key), so that the ledger, the note and the alert say what was
     * not done and why. Returns {@link ActionOutcome.Kind#ALREADY_DONE} when the key already has a record.
     */
    public ActionOutcome refuse(ActionKey key, Finding finding, String reason) {
        requireSameFinding(key, finding);
        return settleNew(key, finding, LedgerState.REFUSED, reason, false);
    }

    private ActionOutcome run(ActionKey key, Finding finding, String reason, boolean shadow, ActionWork work) {
        requireSameFinding(key, finding);
        Objects.requireNonNull(work, "work");
        var existing = ledger.find(key);
        if (existing.isPresent() && !isReopenable(existing.get())) {
            return resume(existing.get(), finding, work);
        }
        Guarded guarded = guard(key, finding, reason, shadow);
        if (existing.isPresent()) {
            return reopen(existing.get(), finding, reason, guarded, work);
        }
        if (guarded != null) {
            if (UntrustedProducerCap.counts(key.action()) && guarded.state() == LedgerState.REFUSED) {
                metrics.untrustedNotificationHeldBack(key.action(), guarded.capReachedFirst());
                LOG.log(System.Logger.Level.WARNING, "{0} for finding {1} held back: {2}", key.action(),
                        finding.id(), guarded.reason());
            } else if (guarded.capReachedFirst()) {
                metrics.containmentCapReached(finding.accountId());
            }
            return settleNew(key, finding, guarded.state(), guarded.reason(), guarded.capReachedFirst());
        }
        Instant now = now();
        ActionLedger.Claim claim = ledger.claim(entry(key, finding, LedgerState.PLANNED, reason, now)
                .withLease(now.plus(lease), now));
        if (!claim.won()) {
            return resume(claim.entry(), finding, work);
        }
        return execute(claim.entry(), finding, work);
    }

    /** Why the runner itself holds an action back (kill switch, shadow mode, cap), or null when it may run. */
    private Guarded guard(ActionKey key, Finding finding, String reason, boolean shadow) {
        ResponseAction action = key.action();
        if (action.isContainment() && config.killSwitch()) {
            return new Guarded(LedgerState.REFUSED,
                    "kill switch is on (RESPONDER_KILL_SWITCH): " + action + " of " + key.target() + " refused",
                    false);
        }
        if (shadow || config.isShadow(action)) {
            return new Guarded(LedgerState.SHADOW, "shadow mode: would have done " + action + " on "
                    + key.target() + " (" + reason + ")", false);
        }
        if (action.isResourceContainment()) {
            ContainmentCap.Check check = cap.check(finding.accountId(), now());
            if (!check.allowed()) {
                return new Guarded(LedgerState.REFUSED, check.reason(), check.reachedFirst());
            }
        }
        UntrustedProducerCap.Check untrusted = untrustedCap.check(action, finding, now());
        if (!untrusted.allowed()) {
            return new Guarded(LedgerState.REFUSED, untrusted.reason(), untrusted.reachedFirst());
        }
        return null;
    }

    private record Guarded(LedgerState state, String reason, boolean capReachedFirst) {
    }

    /**
     * A refusal or a shadow record is not an action taken: when the same action is asked for again (an analyst's
     * custom action after the kill switch was lifted, the protection tag removed or shadow mode ended), it is
     * decided again. Done, failed and released records stay final.
     */
    private static boolean isReopenable(LedgerEntry entry) {
        return entry.state() == LedgerState.REFUSED || entry.state() == LedgerState.SHADOW;
    }

    private ActionOutcome reopen(LedgerEntry existing, Finding finding, String reason, Guarded guarded,
                                 ActionWork work) {
        if (guarded != null) {
            return new ActionOutcome(ActionOutcome.Kind.ALREADY_DONE, existing,
                    guarded.capReachedFirst() && UntrustedProducerCap.counts(existing.key().action()));
        }
        Instant now = now();
        LedgerEntry taken = updateOrInProgress(existing.reclaimed(reason, now).withLease(now.plus(lease), now));
        ActionOutcome outcome = execute(taken, finding, work);
        boolean sameRefusal = outcome.kind() == ActionOutcome.Kind.REFUSED && existing.state() == LedgerState.REFUSED
                && Objects.equals(outcome.reason(), existing.reason());
        return sameRefusal ? new ActionOutcome(ActionOutcome.Kind.ALREADY_DONE, outcome.entry(), false) : outcome;
    }

    private ActionOutcome resume(LedgerEntry existing, Finding finding, ActionWork work) {
        Instant now = now();
        if (existing.isFinal()) {
            return new ActionOutcome(ActionOutcome.Kind.ALREADY_DONE, existing, false);
        }
        if (existing.isLeasedAt(now)) {
            throw new ActionInProgressException(existing.key().asString() + " is in progress in another delivery"
                    + " until " + existing.leaseUntil());
        }
        if (existing.key().action().isContainment() && config.killSwitch()) {
            LedgerEntry stopped = updateOrInProgress(existing.withState(LedgerState.REFUSED,
                    "kill switch is on (RESPONDER_KILL_SWITCH): stopped after steps " + existing.completedSteps(),
                    now));
            return ended(stopped, finding, ActionOutcome.Kind.REFUSED, false);
        }
        LedgerEntry taken = updateOrInProgress(existing.withLease(now.plus(lease), now));
        return execute(taken, finding, work);
    }

    private ActionOutcome execute(LedgerEntry claimed, Finding finding, ActionWork work) {
        ActionProgress progress = new ActionProgress(ledger, claimed, lease, clock);
        boolean settled = false;
        try {
            WorkResult result = work.perform(progress);
            LedgerState state = switch (result.kind()) {
                case DONE -> LedgerState.DONE;
                case REFUSED -> LedgerState.REFUSED;
                case FAILED -> LedgerState.FAILED;
            };
            LedgerEntry finished = updateOrInProgress(progress.entry().withState(state, result.reason(), now()));
            progress.replace(finished);
            settled = true;
            ActionOutcome.Kind kind = switch (result.kind()) {
                case DONE -> ActionOutcome.Kind.DONE;
                case REFUSED -> ActionOutcome.Kind.REFUSED;
                case FAILED -> ActionOutcome.Kind.FAILED;
            };
            return ended(finished, finding, kind, false);
        } catch (RetryableActionException e) {
            if (!(e instanceof ActionInProgressException)) {
                release(progress, "retryable failure, released for the retry: " + e.getMessage(), e);
            }
            settled = true;
            throw e;
        } finally {
            if (!settled) {
                release(progress, "interrupted by an unexpected error, released for the retry", null);
            }
        }
    }

    private void release(ActionProgress progress, String reason, RuntimeException cause) {
        try {
            progress.replace(ledger.update(progress.entry().withState(LedgerState.PLANNED, reason, now())
                    .withLease(null, now())));
        } catch (ConcurrentLedgerUpdateException e) {
            if (cause != null) {
                cause.addSuppressed(e);
            }
        }
    }

    private ActionOutcome settleNew(ActionKey key, Finding finding, LedgerState state, String reason,
                                    boolean capReachedNow) {
        ActionLedger.Claim claim = ledger.claim(entry(key, finding, state, reason, now()));
        if (!claim.won()) {
            if (!claim.entry().isFinal()) {
                throw new ActionInProgressException(key.asString() + " is in progress in another delivery");
            }
            return new ActionOutcome(ActionOutcome.Kind.ALREADY_DONE, claim.entry(), false);
        }
        ActionOutcome.Kind kind = state == LedgerState.SHADOW ? ActionOutcome.Kind.SHADOW : ActionOutcome.Kind.REFUSED;
        return ended(claim.entry(), finding, kind, capReachedNow);
    }

    private ActionOutcome ended(LedgerEntry entry, Finding finding, ActionOutcome.Kind kind, boolean capReachedNow) {
        ResponseAction action = entry.key().action();
        switch (kind) {
            case DONE -> {
                metrics.actionEnded(action, finding.severity(), ActionResult.DONE);
                if (action.isContainment()) {
                    Instant seen = finding.firstObservedAt() != null ? finding.firstObservedAt() : finding.createdAt();
                    if (seen != null) {
                        metrics.timeToContain(action, finding.severity(), Duration.between(seen, entry.updatedAt()));
                    }
                }
            }
            case REFUSED -> metrics.actionEnded(action, finding.severity(), ActionResult.REFUSED);
            case SHADOW -> metrics.actionEnded(action, finding.severity(), ActionResult.SHADOW);
            case FAILED -> metrics.actionEnded(action, finding.severity(), ActionResult.FAILED);
            case ALREADY_DONE -> {
            }
        }
        return new ActionOutcome(kind, entry, capReachedNow);
    }

    private LedgerEntry updateOrInProgress(LedgerEntry changed) {
        try {
            return ledger.update(changed);
        } catch (ConcurrentLedgerUpdateException e) {
            throw new ActionInProgressException(changed.key().asString() + " was changed by another delivery: "
                    + e.getMessage());
        }
    }

    private static LedgerEntry entry(ActionKey key, Finding finding, LedgerState state, String reason, Instant now) {
        return new LedgerEntry(key, key.ledgerId(), state, reason, finding.productArn(), finding.accountId(),
                finding.severity().name(), null, List.of(), Map.of(), now, now, null, 0, null);
    }

    private static void requireSameFinding(ActionKey key, Finding finding) {
        if (!key.findingId().equals(finding.id())) {
            throw new IllegalArgumentException("action key " + key.asString() + " is not for finding "
                    + finding.id());
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
