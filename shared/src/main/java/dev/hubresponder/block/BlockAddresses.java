package dev.hubresponder.block;

import static dev.hubresponder.block.AddressOutcome.Result;
import static dev.hubresponder.policy.ResponseAction.BLOCK_ADDRESS;
import static dev.hubresponder.policy.ResponseAction.UNBLOCK_ADDRESS;

import dev.hubresponder.address.AddressPolicy;
import dev.hubresponder.address.AddressVerdict;
import dev.hubresponder.address.HostAddress;
import dev.hubresponder.finding.Finding;
import dev.hubresponder.ledger.ActionKey;
import dev.hubresponder.ledger.ActionLedger;
import dev.hubresponder.ledger.ConcurrentLedgerUpdateException;
import dev.hubresponder.ledger.LedgerEntry;
import dev.hubresponder.ledger.LedgerState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Blocks and unblocks addresses in the WAF IP sets for all the findings of one invocation.
 *
 * <p>For each address: check it again with the {@link AddressPolicy} (never block a refused address, whatever the
 * caller says) and against the account's {@link OwnAddresses own public addresses} (its Elastic IPs and NAT
 * gateways, looked up once per run; when that lookup fails, nothing is blocked without it), claim its ledger record
 * (finding, BLOCK_ADDRESS, host) so that a duplicate delivery does not write twice, then write all addresses of
 * one IP version in <em>one</em> read-merge-write of that set. A burst of findings delivered together therefore
 * costs one write per set, not one per finding. After the write, the ledger
 * says for each address whether the responder added it (a {@link BlockHoldings holding}), found it already blocked,
 * or could not fit it.
 *
 * <p>Unblock takes out only hosts the responder holds; a host someone else added stays, and the outcome says so.
 * Failures that may pass (throttling, lock conflicts through every retry, WAF unavailable) leave the records claimed
 * without a lease, so that Lambda's retry resumes them; permanent ones are recorded as FAILED.
 */
public final class BlockAddresses {
    private static final int MAX_KEY_TARGET = 200;

    private final BlockList sets;
    private final OwnAddresses ownAddresses;
    private final ActionLedger ledger;
    private final BlockHoldings holdings;
    private final AddressPolicy policy;
    private final BlockSettings settings;
    private final Duration lease;
    private final Clock clock;

    /**
     * @param ownAddresses the account's Elastic IPs and NAT gateway addresses, asked at most once per {@link #apply}
     * @param lease how long a claimed record counts as in progress before another delivery may take it over
     *              ({@code LEDGER_LEASE_SECONDS}: at least the function's timeout)
     */
    public BlockAddresses(BlockList sets, OwnAddresses ownAddresses, ActionLedger ledger, AddressPolicy policy,
                          BlockSettings settings, Duration lease, Clock clock) {
        this.sets = sets;
        this.ownAddresses = ownAddresses;
        this.ledger = ledger;
        this.holdings = new BlockHoldings(ledger, clock);
        this.policy = policy;
        this.settings = settings;
        this.lease = lease;
        this.clock = clock;
    }

    /** Blocks and unblocks everything requested, with at most one write per IP set. */
    public BlockRun apply(List<BlockRequest> requests) {
        Run run = new Run(clock.instant());
        for (BlockRequest request : requests) {
            if (request.action() == BLOCK_ADDRESS) {
                run.prepareBlock(request);
            } else {
                run.prepareUnblock(request);
            }
        }
        List<SetReport> reports = new ArrayList<>();
        for (IpVersion version : IpVersion.values()) {
            List<Claimed> blocks = run.blocks.getOrDefault(version, List.of());
            List<Claimed> unblocks = run.unblocks.getOrDefault(version, List.of());
            if (!blocks.isEmpty() || !unblocks.isEmpty()) {
                reports.add(run.write(version, blocks, unblocks));
            }
        }
        return new BlockRun(run.outcomes, reports, run.policyRefusals);
    }

    /** A ledger record this run holds, for one finding and host. */
    private record Claimed(BlockRequest request, String host, LedgerEntry entry) {
    }

    /**
     * What to write to one set.
     *
     * @param additions      hosts to add (absent now, and room for them)
     * @param removals       entry texts to remove: unblocked and evicted hosts
     * @param evicted        hosts evicted to make room
     * @param refusedForRoom hosts that did not fit
     */
    private record SetPlan(List<String> additions, List<String> removals, List<String> evicted,
                           Set<String> refusedForRoom) implements SetEdit {
    }

    /** The state of one {@link #apply} call. */
    private final class Run {
        final Instant now;
        final List<AddressOutcome> outcomes = new ArrayList<>();
        final Map<IpVersion, List<Claimed>> blocks = new EnumMap<>(IpVersion.class);
        final Map<IpVersion, List<Claimed>> unblocks = new EnumMap<>(IpVersion.class);
        final Set<ActionKey> seen = new HashSet<>();
        final Map<String, Integer> blocksPerFinding = new HashMap<>();
        final Set<String> policyRefusals = new HashSet<>();
        int blocksThisRun;
        /** The account's own addresses by canonical host, or why they could not be read; null until first needed. */
        Map<String, String> ownByHost;
        OwnAddresses.Lookup.Failed ownUnknown;

        Run(Instant now) {
            this.now = now;
        }

        void prepareBlock(BlockRequest request) {
            if (request.refused()) {
                AddressOutcome refused = refuse(request, request.target(), request.reason());
                if (refused != null && !request.analystRequested()) {
                    policyRefusals.add(refused.ledgerId());
                }
                return;
            }
            AddressVerdict verdict = policy.evaluate(request.target());
            if (!verdict.isBlockable()) {
                refuse(request, request.target(), verdict.refusal());
                return;
            }
            String host = verdict.host();
            ActionKey key = new ActionKey(request.findingId(), BLOCK_ADDRESS, host);
            if (seen.contains(key)) {
                return;
            }
            if (!ownAddressesKnown()) {
                refuseUnchecked(request, key, host);
                return;
            }
            String owner = ownByHost.get(host);
            if (owner != null) {
                refuse(request, host, host + " is " + owner + ": never blocked");
                return;
            }
            Optional<String> overCap = overCap(request.findingId());
            if (overCap.isPresent()) {
                refuse(request, host, overCap.get());
                return;
            }
            seen.add(key);
            IpVersion version = IpVersion.of(host);
            String set = sets.setName(version);
            if (request.shadow()) {
                shadow(request, key, host, "shadow mode: would have blocked " + host + " in " + set);
                return;
            }
            Instant expiresAt = settings.blocksNeverExpire() ? null : now.plus(settings.expiry());
            claim(request, key, host, expiresAt).ifPresent(entry ->
                    blocks.computeIfAbsent(version, v -> new ArrayList<>()).add(new Claimed(request, host, entry)));
        }

        /** Looks the account's own addresses up on the first block that needs them; false when that failed. */
        boolean ownAddressesKnown() {
            if (ownByHost == null && ownUnknown == null) {
                OwnAddresses.Lookup lookup = ownAddresses.lookup();
                if (lookup instanceof OwnAddresses.Lookup.Found found) {
                    ownByHost = new HashMap<>();
                    found.owners().forEach((address, owner) -> {
                        String host = HostAddress.canonical(address);
                        if (host != null) {
                            ownByHost.putIfAbsent(host, owner);
                        }
                    });
                } else {
                    ownUnknown = (OwnAddresses.Lookup.Failed) lookup;
                }
            }
            return ownByHost != null;
        }

        /**
         * Fails closed when the account's own addresses are unknown: retried later when the lookup may succeed then
         * (as a WAF failure would be), refused otherwise; in shadow mode recorded with the gap said.
         */
        void refuseUnchecked(BlockRequest request, ActionKey key, String host) {
            String why = "the account's own public addresses (Elastic IPs, NAT gateways) could not be looked up: "
                    + ownUnknown.reason();
            seen.add(key);
            if (request.shadow()) {
                shadow(request, key, host, "shadow mode: would not have blocked " + host + ": " + why
                        + " (no block is written without that check)");
                return;
            }
            claim(request, key, host, null).ifPresent(entry -> {
                Claimed c = new Claimed(request, host, entry);
                if (ownUnknown.retryable()) {
                    record(c, LedgerState.PLANNED, "block of " + host + " not written: " + why + " (retried)",
                            Map.of(), Result.WILL_RETRY);
                } else {
                    record(c, LedgerState.REFUSED, "block of " + host + " refused: " + why
                            + "; never blocked without that check", Map.of(), Result.REFUSED);
                }
            });
        }

        /**
         * Counts a new block against the caps, or says which cap it is over: one finding's addresses (a port probe
         * from thousands of sources) and one invocation's, so that a run ends well inside the function's timeout.
         */
        Optional<String> overCap(String findingId) {
            int ofFinding = blocksPerFinding.getOrDefault(findingId, 0);
            if (ofFinding >= settings.maxPerFinding()) {
                return Optional.of("this finding already has " + ofFinding + " addresses to block in this run, the"
                        + " most one finding may block (RESPONDER_MAX_BLOCKS_PER_FINDING=" + settings.maxPerFinding()
                        + ")");
            }
            if (blocksThisRun >= settings.maxPerRun()) {
                return Optional.of("this run already blocks " + blocksThisRun + " addresses, the most one run may"
                        + " block (RESPONDER_MAX_BLOCKS_PER_RUN=" + settings.maxPerRun() + ")");
            }
            blocksPerFinding.merge(findingId, 1, Integer::sum);
            blocksThisRun++;
            return Optional.empty();
        }

        void prepareUnblock(BlockRequest request) {
            if (request.refused()) {
                refuse(request, request.target(), request.reason());
                return;
            }
            AddressVerdict verdict = policy.evaluate(request.target());
            String host = verdict.isBlockable() ? verdict.host() : HostAddress.canonical(request.target());
            if (host == null) {
                refuse(request, request.target(), "'" + bounded(request.target())
                        + "' is not a single host address; there is nothing to unblock");
                return;
            }
            ActionKey key = new ActionKey(request.findingId(), UNBLOCK_ADDRESS, host);
            if (!seen.add(key)) {
                return;
            }
            IpVersion version = IpVersion.of(host);
            String set = sets.setName(version);
            if (request.shadow()) {
                shadow(request, key, host, "shadow mode: would have unblocked " + host + " in " + set);
                return;
            }
            Optional<LedgerEntry> claimed = claim(request, key, host, null);
            if (claimed.isEmpty()) {
                return;
            }
            if (holdings.holding(host).isPresent()) {
                unblocks.computeIfAbsent(version, v -> new ArrayList<>()).add(new Claimed(request, host,
                        claimed.get()));
                return;
            }
            String reason = host + " was not added to " + set + " by the responder: left in place";
            holdings.releaseFindingBlocks(host, "unblock requested for finding " + request.findingId() + "; "
                    + reason);
            record(new Claimed(request, host, claimed.get()), LedgerState.REFUSED, reason, Map.of(),
                    Result.NOT_OURS);
        }

        /** Claims the record of a block or unblock, or takes over one left by an earlier delivery. */
        Optional<LedgerEntry> claim(BlockRequest request, ActionKey key, String host, Instant expiresAt) {
            LedgerEntry proposed = entry(key, request, LedgerState.PLANNED, request.reason(), expiresAt,
                    now.plus(lease));
            ActionLedger.Claim claim = ledger.claim(proposed);
            if (claim.won()) {
                return Optional.of(claim.entry());
            }
            LedgerEntry existing = claim.entry();
            String verb = request.action() == BLOCK_ADDRESS ? "blocked" : "unblocked";
            boolean takeOver = switch (existing.state()) {
                case PLANNED -> !existing.isLeasedAt(now);
                case SHADOW, FAILED, REFUSED -> true;
                case RELEASED -> request.analystRequested();
                case DONE -> false;
            };
            if (!takeOver) {
                Result result = existing.state() == LedgerState.PLANNED ? Result.IN_PROGRESS : Result.DUPLICATE;
                String detail = switch (existing.state()) {
                    case PLANNED -> "another delivery is working on " + host + " (lease until "
                            + existing.leaseUntil() + "); retried later";
                    case RELEASED -> host + " was unblocked for this finding at " + existing.updatedAt() + " ("
                            + existing.reason() + "); a redelivery does not block it again";
                    default -> "already " + verb + " for this finding: " + existing.reason();
                };
                outcomes.add(outcome(request, host, result, detail, existing));
                return Optional.empty();
            }
            LedgerEntry resumed = new LedgerEntry(key, existing.ledgerId(), LedgerState.PLANNED, request.reason(),
                    proposed.productArn(), proposed.accountId(), proposed.severity(), null, List.of(), Map.of(),
                    existing.createdAt(), now, expiresAt, existing.version(), proposed.leaseUntil());
            try {
                return Optional.of(ledger.update(resumed));
            } catch (ConcurrentLedgerUpdateException e) {
                outcomes.add(outcome(request, host, Result.IN_PROGRESS, "another delivery took over " + host
                        + " first; retried later", existing));
                return Optional.empty();
            }
        }

        SetReport write(IpVersion version, List<Claimed> toBlock, List<Claimed> toUnblock) {
            String set = sets.setName(version);
            Set<String> removeHosts = new LinkedHashSet<>();
            toUnblock.forEach(c -> removeHosts.add(c.host()));
            Set<String> addHosts = new LinkedHashSet<>();
            toBlock.forEach(c -> addHosts.add(c.host()));
            addHosts.removeAll(removeHosts);
            Supplier<List<String>> evictable = memoized(() -> holdings.held().stream()
                    .map(e -> e.key().target())
                    .filter(h -> IpVersion.of(h) == version && !addHosts.contains(h) && !removeHosts.contains(h))
                    .toList());

            SetWrite<SetPlan> write = sets.edit(version, current -> plan(current, addHosts, removeHosts, evictable));

            SetPlan plan;
            SetContents before;
            int sizeAfter;
            if (write instanceof SetWrite.Written<SetPlan> w) {
                plan = w.edit();
                before = w.before();
                sizeAfter = w.sizeAfter();
            } else if (write instanceof SetWrite.Unchanged<SetPlan> u) {
                plan = u.edit();
                before = u.before();
                sizeAfter = before.size();
            } else {
                SetWrite.Failed<SetPlan> failed = (SetWrite.Failed<SetPlan>) write;
                toBlock.forEach(c -> fail(c, failed, set));
                toUnblock.forEach(c -> fail(c, failed, set));
                return new SetReport(version, set, false, failed.attempts(), -1, -1, settings.capacity(), false,
                        List.of(), failed.failure(), failed.message());
            }
            boolean written = write instanceof SetWrite.Written<SetPlan>;
            Set<String> added = written ? Set.copyOf(plan.additions()) : Set.of();

            Map<String, Instant> holdUntil = new HashMap<>();
            for (Claimed c : toBlock) {
                if (added.contains(c.host())) {
                    Instant until = c.entry().expiresAt();
                    holdUntil.put(c.host(), holdUntil.containsKey(c.host())
                            ? BlockHoldings.later(holdUntil.get(c.host()), until) : until);
                }
            }
            holdUntil.forEach((host, until) -> holdings.hold(host, set, until));
            for (String host : plan.evicted()) {
                String reason = "evicted from " + set + " (full at " + before.size() + " of " + settings.capacity()
                        + ", policy EVICT_OLDEST) to make room for new blocks";
                holdings.release(host, reason);
                holdings.releaseFindingBlocks(host, reason);
            }
            for (Claimed c : toBlock) {
                finishBlock(c, set, before, plan, added, removeHosts);
            }
            for (Claimed c : toUnblock) {
                String reason = "unblocked for finding " + c.request().findingId() + ": " + c.request().reason();
                holdings.release(c.host(), reason);
                holdings.releaseFindingBlocks(c.host(), reason);
                String detail = before.holds(c.host()) ? "removed " + c.host() + " from " + set
                        : c.host() + " was no longer in " + set + "; the responder's hold on it is released";
                record(c, LedgerState.DONE, detail, Map.of("ipSet", set), Result.UNBLOCKED);
            }
            return new SetReport(version, set, written, write.attempts(), before.size(), sizeAfter,
                    settings.capacity(), sizeAfter >= settings.highWaterMark(), plan.evicted(), null, null);
        }

        private void finishBlock(Claimed c, String set, SetContents before, SetPlan plan, Set<String> added,
                                 Set<String> removeHosts) {
            String host = c.host();
            if (plan.refusedForRoom().contains(host)) {
                record(c, LedgerState.REFUSED, set + " is full (" + before.size() + " of " + settings.capacity()
                        + " entries" + (settings.fullSetPolicy() == FullSetPolicy.EVICT_OLDEST
                        ? ", and not enough entries the responder added to evict)" : ", policy REFUSE)")
                        + ": " + host + " not blocked", Map.of("ipSet", set), Result.REFUSED);
            } else if (removeHosts.contains(host)) {
                record(c, LedgerState.REFUSED, "an unblock of " + host + " in the same run takes precedence",
                        Map.of("ipSet", set), Result.REFUSED);
            } else if (added.contains(host)) {
                record(c, LedgerState.DONE, "blocked " + host + " in " + set + until(c.entry().expiresAt()),
                        Map.of("ipSet", set, "addedToSet", "true"), Result.BLOCKED);
            } else if (holdings.holding(host).isPresent()) {
                holdings.hold(host, set, c.entry().expiresAt());
                record(c, LedgerState.DONE, host + " was already blocked in " + set + " by the responder"
                        + until(c.entry().expiresAt()), Map.of("ipSet", set, "addedToSet", "false"),
                        Result.ALREADY_BLOCKED);
            } else {
                record(c, LedgerState.DONE, host + " was already in " + set + ", added outside the responder: it"
                        + " stays there when this block expires", Map.of("ipSet", set, "addedToSet", "false"),
                        Result.ALREADY_BLOCKED);
            }
        }

        private SetPlan plan(SetContents current, Set<String> addHosts, Set<String> removeHosts,
                             Supplier<List<String>> evictable) {
            List<String> removals = new ArrayList<>();
            for (String host : removeHosts) {
                String entry = current.entryFor(host);
                if (entry != null) {
                    removals.add(entry);
                }
            }
            List<String> newHosts = addHosts.stream().filter(h -> !current.holds(h)).toList();
            int room = settings.capacity() - (current.size() - removals.size());
            List<String> evicted = new ArrayList<>();
            if (newHosts.size() > room && settings.fullSetPolicy() == FullSetPolicy.EVICT_OLDEST) {
                for (String host : evictable.get()) {
                    if (newHosts.size() <= room) {
                        break;
                    }
                    String entry = current.entryFor(host);
                    if (entry != null) {
                        removals.add(entry);
                        evicted.add(host);
                        room++;
                    }
                }
            }
            int accepted = Math.max(0, Math.min(room, newHosts.size()));
            return new SetPlan(newHosts.subList(0, accepted), removals, evicted,
                    Set.copyOf(newHosts.subList(accepted, newHosts.size())));
        }

        private void fail(Claimed c, SetWrite.Failed<SetPlan> failed, String set) {
            String what = c.request().action() == BLOCK_ADDRESS ? "block of " : "unblock of ";
            String detail = what + c.host() + " in " + set + " failed: " + failed.failure() + ": " + failed.message();
            if (failed.failure().retryable()) {
                record(c, LedgerState.PLANNED, detail + " (retried)", Map.of(), Result.WILL_RETRY);
            } else {
                record(c, LedgerState.FAILED, detail, Map.of("ipSet", set), Result.FAILED);
            }
        }

        /** Records the refusal; the outcome, or null when this run already settled the same key. */
        private AddressOutcome refuse(BlockRequest request, String target, String reason) {
            String host = HostAddress.canonical(target);
            String keyTarget = host != null ? host : bounded(target);
            ActionKey key = new ActionKey(request.findingId(), request.action(), keyTarget);
            if (!seen.add(key)) {
                return null;
            }
            LedgerEntry entry = ledger.claim(entry(key, request, LedgerState.REFUSED, reason, null, null)).entry();
            String verb = request.action() == BLOCK_ADDRESS ? "block of " : "unblock of ";
            AddressOutcome outcome = outcome(request, keyTarget, Result.REFUSED, verb + keyTarget + " refused: "
                    + reason, entry);
            outcomes.add(outcome);
            return outcome;
        }

        private void shadow(BlockRequest request, ActionKey key, String host, String detail) {
            LedgerEntry entry = ledger.claim(entry(key, request, LedgerState.SHADOW, detail, null, null)).entry();
            outcomes.add(outcome(request, host, Result.SHADOW, detail, entry));
        }

        /**
         * Writes a claimed record's new state (releasing the lease) and adds the outcome. A concurrent change
         * (another delivery took over after this one's lease ran out) is reported, not thrown: the set is written.
         */
        private void record(Claimed c, LedgerState state, String detail, Map<String, String> artifacts,
                            Result result) {
            LedgerEntry entry = c.entry().withState(state, detail, now).withLease(null, now);
            for (Map.Entry<String, String> artifact : artifacts.entrySet()) {
                entry = entry.withArtifact(artifact.getKey(), artifact.getValue(), now);
            }
            String note = "";
            try {
                entry = ledger.update(entry);
            } catch (ConcurrentLedgerUpdateException e) {
                note = " (the ledger record was changed meanwhile by another delivery)";
            }
            outcomes.add(outcome(c.request(), c.host(), result, detail + note, entry));
        }

        private LedgerEntry entry(ActionKey key, BlockRequest request, LedgerState state, String reason,
                                  Instant expiresAt, Instant leaseUntil) {
            Finding finding = request.finding();
            return new LedgerEntry(key, key.ledgerId(), state, reason,
                    finding == null ? null : finding.productArn(), finding == null ? null : finding.accountId(),
                    finding == null ? null : finding.severity().name(), null, List.of(), Map.of(), now, now,
                    expiresAt, 0, leaseUntil);
        }
    }

    private static AddressOutcome outcome(BlockRequest request, String target, Result result, String detail,
                                          LedgerEntry entry) {
        return new AddressOutcome(request.findingId(), request.action(), target, result, detail,
                entry == null ? null : entry.ledgerId());
    }

    private static String until(Instant expiresAt) {
        return expiresAt == null ? " (no expiry)" : " until " + expiresAt;
    }

    private static String bounded(String text) {
        if (text == null) {
            return null;
        }
        return text.length() <= MAX_KEY_TARGET ? text : text.substring(0, MAX_KEY_TARGET);
    }

    private static <T> Supplier<T> memoized(Supplier<T> supplier) {
        return new Supplier<>() {
            private T value;

            @Override
            public T get() {
                if (value == null) {
                    value = supplier.get();
                }
                return value;
            }
        };
    }
}
