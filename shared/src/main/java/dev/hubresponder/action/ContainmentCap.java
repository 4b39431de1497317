package dev.hubresponder.action;

import dev.hubresponder.ledger.ActionLedger;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * The blast-radius cap: at most {@code maxPerHour} containments per account in any rolling hour
 * ({@code RESPONDER_MAX_CONTAINMENTS_PER_HOUR}), counted from the ledger, so that a flood of findings (or a wrong
 * rule) cannot isolate a whole account. Past the cap, containment is refused with the count in the reason.
 *
 * <p>The count includes containments claimed but not yet finished, so concurrent deliveries see each other as soon
 * as the ledger's index has them (typically well under a second). Deliveries that race within that window can
 * overshoot the cap by at most the number of functions running at once.
 *
 * <p>The first refusal in each account and clock hour is marked in the ledger, so exactly one alert says the cap
 * was reached.
 */
public final class ContainmentCap {
    private final ActionLedger ledger;
    private final int maxPerHour;

    public ContainmentCap(ActionLedger ledger, int maxPerHour) {
        if (maxPerHour < 0) {
            throw new IllegalArgumentException("maxPerHour must be 0 or more, was " + maxPerHour);
        }
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.maxPerHour = maxPerHour;
    }

    /**
     * @param allowed      true when one more containment fits under the cap
     * @param reason       why not, when refused
     * @param reachedFirst true for the first refusal in this account and clock hour
     */
    public record Check(boolean allowed, String reason, boolean reachedFirst) {
    }

    /** Whether one more containment in this account fits under the cap at {@code now}. */
    public Check check(String accountId, Instant now) {
        int started = ledger.countContainments(accountId, now.minus(Duration.ofHours(1)));
        if (started < maxPerHour) {
            return new Check(true, null, false);
        }
        String reason = "containment cap reached: " + started + " containments in account " + accountId
                + " in the last hour (limit " + maxPerHour + ", RESPONDER_MAX_CONTAINMENTS_PER_HOUR)";
        boolean first = ledger.markCapReached(accountId, now.truncatedTo(ChronoUnit.HOURS));
        return new Check(false, reason, first);
    }
}
