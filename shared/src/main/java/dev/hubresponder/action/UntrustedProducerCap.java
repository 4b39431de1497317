package dev.hubresponder.action;

import dev.hubresponder.finding.Finding;
import dev.hubresponder.ledger.ActionLedger;
import dev.hubresponder.policy.ResponseAction;
import dev.hubresponder.policy.TrustPolicy;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * The flood cap on people's attention: at most {@code maxTickets} tickets and {@code maxAlerts} alerts per clock
 * hour for findings whose producer is not trusted ({@link TrustPolicy}), counted in the ledger across the whole
 * stack, so that anyone who can call {@code BatchImportFindings} in a member account cannot open tickets and page
 * people without limit. Findings of trusted producers, and of AWS services' own integrations
 * ({@link TrustPolicy#isAwsService}: Security Hub controls, Inspector, Macie...), which no account can forge, are
 * never counted or held back.
 *
 * <p>The count is one per stack, not per account: an untrusted finding's account id is the importer's text, so a
 * per-account count would let a forger multiply the cap by naming other accounts. Places are taken with a
 * conditional increment, so concurrent deliveries never exceed the cap; the window is the clock hour (UTC), so two
 * hours back to back may hold up to twice the cap around their boundary.
 *
 * <p>A finding over the cap is held back, never dropped: the caller records it as REFUSED with {@link Check#reason}
 * (the ledger), counts it and logs it; the first one held back in each window and kind is
 * {@link Check#reachedFirst}, so that exactly one summary alert says the cap was reached. A held-back record is
 * decided again when its action is asked for again (the "create ticket" custom action, a re-emitted finding). When
 * the count cannot be read the ledger's exception propagates: nothing is sent on an unknown count.
 */
public final class UntrustedProducerCap {
    private static final DateTimeFormatter HOUR =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH'Z'").withZone(ZoneOffset.UTC);

    private final ActionLedger ledger;
    private final TrustPolicy trust;
    private final int maxTickets;
    private final int maxAlerts;

    public UntrustedProducerCap(ActionLedger ledger, TrustPolicy trust, int maxTickets, int maxAlerts) {
        if (maxTickets < 0 || maxAlerts < 0) {
            throw new IllegalArgumentException("caps must be 0 or more, were " + maxTickets + " and " + maxAlerts);
        }
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.trust = Objects.requireNonNull(trust, "trust");
        this.maxTickets = maxTickets;
        this.maxAlerts = maxAlerts;
    }

    /**
     * @param allowed      true when the action may go out
     * @param reason       why not, when held back
     * @param reachedFirst true for the first one held back in this window and kind
     */
    public record Check(boolean allowed, String reason, boolean reachedFirst) {
        static final Check ALLOWED = new Check(true, null, false);
    }

    /** True for the actions this cap counts: tickets and alerts. */
    public static boolean counts(ResponseAction action) {
        return action == ResponseAction.TICKET || action == ResponseAction.ALERT;
    }

    /** Whether this ticket or alert for this finding may go out at {@code now}; other actions always may. */
    public Check check(ResponseAction action, Finding finding, Instant now) {
        if (!counts(action)) {
            return Check.ALLOWED;
        }
        Optional<String> distrust = trust.distrust(finding);
        if (distrust.isEmpty() || TrustPolicy.isAwsService(finding.productArn())) {
            return Check.ALLOWED;
        }
        boolean ticket = action == ResponseAction.TICKET;
        int limit = ticket ? maxTickets : maxAlerts;
        String hour = HOUR.format(now.truncatedTo(ChronoUnit.HOURS));
        ActionLedger.WindowPlace place = ledger.takeWindowPlace("untrusted|" + action + "|" + hour, limit);
        if (place.taken()) {
            return Check.ALLOWED;
        }
        String reason = "untrusted-producer cap reached: " + (ticket ? "tickets" : "alerts") + " for findings of "
                + "untrusted producers are limited to " + limit + " in hour " + hour + " ("
                + (ticket ? "RESPONDER_MAX_UNTRUSTED_TICKETS_PER_HOUR" : "RESPONDER_MAX_UNTRUSTED_ALERTS_PER_HOUR")
                + "), " + place.heldBack() + " held back so far; this one's producer: " + distrust.get();
        return new Check(false, reason, place.heldBack() == 1);
    }
}
