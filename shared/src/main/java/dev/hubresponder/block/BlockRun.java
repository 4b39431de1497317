package dev.hubresponder.block;

import java.util.List;
import java.util.Set;

/**
 * The outcome of one block/unblock run over all the findings of an invocation.
 *
 * @param addresses       one outcome per (finding, address)
 * @param sets            one report per IP set that was read (at most one write each)
 * @param policyRefusals  the outcomes (by ledger id) that only record a refusal the response policy had already
 *                        made for an imported finding: every stage knows it from the same decision, so it is not
 *                        news to hand on
 */
public record BlockRun(List<AddressOutcome> addresses, List<SetReport> sets, Set<String> policyRefusals) {
    public BlockRun {
        addresses = List.copyOf(addresses);
        sets = List.copyOf(sets);
        policyRefusals = Set.copyOf(policyRefusals);
    }

    public BlockRun(List<AddressOutcome> addresses, List<SetReport> sets) {
        this(addresses, sets, Set.of());
    }

    /** True when something failed for now and the invocation should fail so that Lambda retries it. */
    public boolean retryable() {
        return addresses.stream().anyMatch(a -> a.result().retryable());
    }

    /** The outcomes for one finding. */
    public List<AddressOutcome> forFinding(String findingId) {
        return addresses.stream().filter(a -> a.findingId().equals(findingId)).toList();
    }

    /**
     * True when this run decided something for the finding that the next stages should report: anything but a
     * redelivery of what an earlier run already settled, or a refusal the policy made for an imported finding.
     * CreateTicket tickets and alerts such a finding on its own delivery (its decision holds no containment), so
     * handing it on as acted would alert twice.
     */
    public boolean actedOn(String findingId) {
        return forFinding(findingId).stream().anyMatch(a -> a.result() != AddressOutcome.Result.DUPLICATE
                && !policyRefusals.contains(a.ledgerId()));
    }

    /** One line for the stage report: every outcome of the finding, or that there was nothing to block. */
    public String summary(String findingId) {
        List<AddressOutcome> outcomes = forFinding(findingId);
        if (outcomes.isEmpty()) {
            return "no address to block or unblock";
        }
        String summary = String.join("; ", outcomes.stream().map(AddressOutcome::detail).toList());
        for (SetReport set : sets) {
            if (set.highWater()) {
                summary += "; " + set.set() + " holds " + set.sizeAfter() + " of " + set.capacity()
                        + " entries (high-water mark): make room or expect refusals";
            }
        }
        return summary;
    }

    /** True when a set reached its high-water mark (counted by {@link BlockMetrics}, which the alarm reads). */
    public boolean highWaterReached() {
        return sets.stream().anyMatch(SetReport::highWater);
    }
}
