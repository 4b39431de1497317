package dev.hubresponder.block;

import java.time.Instant;
import java.util.List;

/**
 * What one expiry sweep found and did.
 *
 * @param at              when it ran
 * @param removed         hosts whose blocks expired and that the sweep took out of their set
 * @param alreadyGone     hosts whose blocks expired but that someone had already taken out (holding released)
 * @param extended        hosts whose holding expired but that a later finding still blocks (kept)
 * @param reAdded         drift: hosts the ledger holds, unexpired, that were missing from their set; put back
 * @param missing         drift: hosts the ledger holds, unexpired, missing from their set and not put back (no room,
 *                        the write failed, or the kill switch is on)
 * @param entriesNotOurs  entries in the sets the responder did not add (people's, other tools'): left alone
 * @param sets            one report per IP set (at most one write each)
 */
public record SweepReport(Instant at, List<String> removed, List<String> alreadyGone, List<String> extended,
                          List<String> reAdded, List<String> missing, int entriesNotOurs, List<SetReport> sets) {
    public SweepReport {
        removed = List.copyOf(removed);
        alreadyGone = List.copyOf(alreadyGone);
        extended = List.copyOf(extended);
        reAdded = List.copyOf(reAdded);
        missing = List.copyOf(missing);
        sets = List.copyOf(sets);
    }

    /** True when a set could not be written for a reason that may pass: the scheduled invocation should fail. */
    public boolean retryable() {
        return sets.stream().anyMatch(s -> s.failure() != null && s.failure().retryable());
    }
}
