package dev.hubresponder.block;

import dev.hubresponder.address.AddressPolicy;
import dev.hubresponder.address.AddressVerdict;
import dev.hubresponder.ledger.ActionLedger;
import dev.hubresponder.ledger.LedgerEntry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The scheduled sweep: takes expired blocks out of the IP sets and reconciles the sets with the ledger.
 *
 * <p>It goes by the ledger's {@link BlockHoldings holdings}, not by DynamoDB TTL (which may delete days late): a
 * host whose holding and every per-finding block have expired is removed, with all of its removals in one write
 * per set, and its records are marked RELEASED. A holding that expired while a later finding still blocks the host
 * is extended instead.
 *
 * <p>Drift: entries the ledger does not know (people's, other tools') are counted and left alone; hosts the
 * ledger holds, unexpired, that are missing from their set are reported and put back in the same write, except
 * while the kill switch is on (putting a block back is a containment; they are reported as still missing).
 *
 * <p>A held host that the address policy refuses now (an operator added it to {@code RESPONDER_NEVER_BLOCK_CIDRS}
 * after it was blocked) is taken out and released like an expired one, with the refusal as the reason.
 */
public final class ExpireBlocks {
    private final BlockList sets;
    private final BlockHoldings holdings;
    private final BlockSettings settings;
    private final AddressPolicy addresses;
    private final boolean killSwitch;
    private final Clock clock;

    /**
     * @param addresses  judges each held host again: one refused now is taken out
     * @param killSwitch true while {@code RESPONDER_KILL_SWITCH} is on: nothing missing is put back
     */
    public ExpireBlocks(BlockList sets, ActionLedger ledger, BlockSettings settings, AddressPolicy addresses,
                        boolean killSwitch, Clock clock) {
        this.sets = sets;
        this.holdings = new BlockHoldings(ledger, clock);
        this.settings = settings;
        this.addresses = addresses;
        this.killSwitch = killSwitch;
        this.clock = clock;
    }

    /**
     * @param removals       entry texts of expired hosts present in the set
     * @param additions      held, unexpired hosts missing from the set that fit
     * @param removed        hosts behind {@code removals}
     * @param gone           expired hosts already absent
     * @param noRoom         held, unexpired hosts missing from the set that do not fit
     * @param entriesNotOurs entries the responder holds no record of
     */
    private record SweepPlan(List<String> removals, List<String> additions, List<String> removed, List<String> gone,
                             List<String> noRoom, int entriesNotOurs) implements SetEdit {
    }

    public SweepReport sweep() {
        Instant now = clock.instant();
        Map<IpVersion, Set<String>> expired = new EnumMap<>(IpVersion.class);
        Map<IpVersion, Set<String>> kept = new EnumMap<>(IpVersion.class);
        Map<String, String> why = new HashMap<>();
        List<String> extended = new ArrayList<>();
        for (IpVersion version : IpVersion.values()) {
            expired.put(version, new LinkedHashSet<>());
            kept.put(version, new LinkedHashSet<>());
        }
        for (LedgerEntry holding : holdings.held()) {
            String host = holding.key().target();
            IpVersion version = IpVersion.of(host);
            AddressVerdict verdict = addresses.evaluate(host);
            if (!verdict.isBlockable()) {
                expired.get(version).add(host);
                why.put(host, "no longer blockable: " + verdict.refusal());
                continue;
            }
            if (holding.expiresAt() == null || holding.expiresAt().isAfter(now)) {
                kept.get(version).add(host);
                continue;
            }
            Instant latest = holdings.latestFindingExpiry(host);
            if (latest == null || latest.isAfter(now)) {
                holdings.extend(holding, latest);
                extended.add(host);
                kept.get(version).add(host);
            } else {
                expired.get(version).add(host);
                why.put(host, "block expired at " + holding.expiresAt());
            }
        }

        List<String> removed = new ArrayList<>();
        List<String> alreadyGone = new ArrayList<>();
        List<String> reAdded = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        int notOurs = 0;
        List<SetReport> reports = new ArrayList<>();
        for (IpVersion version : IpVersion.values()) {
            String set = sets.setName(version);
            Set<String> expiredHosts = expired.get(version);
            Set<String> keptHosts = kept.get(version);
            SetWrite<SweepPlan> write = sets.edit(version, current -> plan(current, expiredHosts, keptHosts));
            SweepPlan plan;
            SetContents before;
            int sizeAfter;
            if (write instanceof SetWrite.Written<SweepPlan> w) {
                plan = w.edit();
                before = w.before();
                sizeAfter = w.sizeAfter();
            } else if (write instanceof SetWrite.Unchanged<SweepPlan> u) {
                plan = u.edit();
                before = u.before();
                sizeAfter = before.size();
            } else {
                SetWrite.Failed<SweepPlan> failed = (SetWrite.Failed<SweepPlan>) write;
                reports.add(new SetReport(version, set, false, failed.attempts(), -1, -1, settings.capacity(),
                        false, List.of(), failed.failure(), failed.message()));
                continue;
            }
            boolean written = write instanceof SetWrite.Written<SweepPlan>;
            for (String host : written ? plan.removed() : List.<String>of()) {
                release(host, why.get(host) + "; removed from " + set + " by the expiry sweep at " + now);
                removed.add(host);
            }
            for (String host : plan.gone()) {
                release(host, why.get(host) + "; it was already gone from " + set);
                alreadyGone.add(host);
            }
            if (written) {
                reAdded.addAll(plan.additions());
            }
            missing.addAll(plan.noRoom());
            notOurs += plan.entriesNotOurs();
            reports.add(new SetReport(version, set, written, write.attempts(), before.size(), sizeAfter,
                    settings.capacity(), sizeAfter >= settings.highWaterMark(), List.of(), null, null));
        }
        return new SweepReport(now, removed, alreadyGone, extended, reAdded, missing, notOurs, reports);
    }

    private SweepPlan plan(SetContents current, Set<String> expiredHosts, Set<String> keptHosts) {
        List<String> removals = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<String> gone = new ArrayList<>();
        for (String host : expiredHosts) {
            String entry = current.entryFor(host);
            if (entry == null) {
                gone.add(host);
            } else {
                removals.add(entry);
                removed.add(host);
            }
        }
        List<String> absent = keptHosts.stream().filter(h -> !current.holds(h)).toList();
        int room = Math.max(0, settings.capacity() - (current.size() - removals.size()));
        int fit = killSwitch ? 0 : Math.min(room, absent.size());
        int ours = removals.size() + (keptHosts.size() - absent.size());
        return new SweepPlan(removals, absent.subList(0, fit), removed, gone, absent.subList(fit, absent.size()),
                current.size() - ours);
    }

    private void release(String host, String reason) {
        holdings.release(host, reason);
        holdings.releaseFindingBlocks(host, reason);
    }
}
