package dev.hubresponder.block;

import dev.hubresponder.ledger.ActionKey;
import dev.hubresponder.ledger.ActionLedger;
import dev.hubresponder.ledger.ConcurrentLedgerUpdateException;
import dev.hubresponder.ledger.LedgerEntry;
import dev.hubresponder.ledger.LedgerState;
import dev.hubresponder.policy.ResponseAction;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Which IP set entries the responder itself added: one ledger record per host, under the pseudo finding id
 * {@value #HOLDER_ID}, in state DONE while the responder holds the host in a set and RELEASED once it took it out
 * (expiry, unblock, eviction). This is the ownership that expiry, unblock and eviction go by: an entry without such
 * a record was added by someone else and is never removed.
 *
 * <p>A holding is created only after a write that actually added the host (it was absent in the contents the write
 * replaced). Its {@code expiresAt} is the latest expiry any finding asked for (null: never); the per-finding block
 * records keep the provenance. Holdings carry no account id, so they never count towards containment caps, and they
 * are listed with one ledger query ({@link ActionLedger#findByFinding}) rather than a table scan.
 */
public final class BlockHoldings {
    /** The pseudo finding id that holding records are filed under. */
    public static final String HOLDER_ID = "hub-responder:waf-block-list";

    private static final int UPDATE_ATTEMPTS = 3;

    private final ActionLedger ledger;
    private final Clock clock;

    public BlockHoldings(ActionLedger ledger, Clock clock) {
        this.ledger = ledger;
        this.clock = clock;
    }

    public static ActionKey keyOf(String host) {
        return new ActionKey(HOLDER_ID, ResponseAction.BLOCK_ADDRESS, host);
    }

    /** True for the holding records themselves, which {@link ActionLedger#findByTarget} lists with the rest. */
    public static boolean isHolding(LedgerEntry entry) {
        return HOLDER_ID.equals(entry.key().findingId());
    }

    /** Every host the responder holds now, the oldest addition first. */
    public List<LedgerEntry> held() {
        List<LedgerEntry> held = new ArrayList<>();
        for (LedgerEntry entry : ledger.findByFinding(HOLDER_ID)) {
            if (entry.state() == LedgerState.DONE) {
                held.add(entry);
            }
        }
        held.sort(Comparator.comparing(LedgerEntry::createdAt).thenComparing(e -> e.key().target()));
        return held;
    }

    /** The holding of a host, if the responder holds it now. */
    public Optional<LedgerEntry> holding(String host) {
        return ledger.find(keyOf(host)).filter(e -> e.state() == LedgerState.DONE);
    }

    /**
     * Records that the responder added a host to a set (or still holds it), until {@code expiresAt} or the later
     * expiry already recorded; null means never.
     */
    public LedgerEntry hold(String host, String setName, Instant expiresAt) {
        Instant now = clock.instant();
        LedgerEntry fresh = new LedgerEntry(keyOf(host), null, LedgerState.DONE, "added to " + setName
                + " by the responder", null, null, null, null, List.of(), Map.of("ipSet", setName), now, now,
                expiresAt, 0);
        ActionLedger.Claim claim = ledger.claim(fresh);
        if (claim.won()) {
            return claim.entry();
        }
        return change(claim.entry(), existing -> existing.state() == LedgerState.DONE
                ? existing.withExpiresAt(later(existing.expiresAt(), expiresAt), now)
                : new LedgerEntry(fresh.key(), existing.ledgerId(), LedgerState.DONE, fresh.reason(), null, null,
                        null, null, List.of(), fresh.artifacts(), now, now, expiresAt, existing.version()));
    }

    /** Moves a holding's expiry to {@code expiresAt} (null: never). */
    public void extend(LedgerEntry holding, Instant expiresAt) {
        change(holding, existing -> existing.withExpiresAt(expiresAt, clock.instant()));
    }

    /** Ends a holding: the responder no longer holds the host (it took it out, or found it gone). */
    public void release(String host, String reason) {
        ledger.find(keyOf(host))
                .filter(e -> e.state() == LedgerState.DONE)
                .ifPresent(held -> change(held, existing -> existing.state() == LedgerState.DONE
                        ? existing.withState(LedgerState.RELEASED, reason, clock.instant()) : existing));
    }

    /**
     * Marks every open (DONE) per-finding block record of a host RELEASED with a reason.
     *
     * @return how many records were released
     */
    public int releaseFindingBlocks(String host, String reason) {
        int released = 0;
        for (LedgerEntry entry : ledger.findByTarget(host)) {
            if (!isHolding(entry) && entry.key().action() == ResponseAction.BLOCK_ADDRESS
                    && entry.state() == LedgerState.DONE) {
                change(entry, existing -> existing.state() == LedgerState.DONE
                        ? existing.withState(LedgerState.RELEASED, reason, clock.instant()) : existing);
                released++;
            }
        }
        return released;
    }

    /**
     * The latest expiry among the open per-finding block records of a host: null when one of them never expires,
     * {@link Instant#MIN} when there is none.
     */
    public Instant latestFindingExpiry(String host) {
        Instant latest = Instant.MIN;
        for (LedgerEntry entry : ledger.findByTarget(host)) {
            if (!isHolding(entry) && entry.key().action() == ResponseAction.BLOCK_ADDRESS
                    && entry.state() == LedgerState.DONE) {
                if (entry.expiresAt() == null) {
                    return null;
                }
                latest = entry.expiresAt().isAfter(latest) ? entry.expiresAt() : latest;
            }
        }
        return latest;
    }

    /** The later of two expiries, where null means never. */
    public static Instant later(Instant a, Instant b) {
        if (a == null || b == null) {
            return null;
        }
        return a.isAfter(b) ? a : b;
    }

    /**
     * Applies a change to the record as it now is, re-reading after a concurrent update (index reads may be
     * slightly stale, and two deliveries may touch the same holding).
     */
    private LedgerEntry change(LedgerEntry read, UnaryOperator<LedgerEntry> change) {
        LedgerEntry current = read;
        for (int attempt = 1; ; attempt++) {
            LedgerEntry next = change.apply(current);
            if (next == current) {
                return current;
            }
            try {
                return ledger.update(next);
            } catch (ConcurrentLedgerUpdateException e) {
                if (attempt == UPDATE_ATTEMPTS) {
                    throw e;
                }
                current = ledger.find(read.key()).orElseThrow(() -> new ConcurrentLedgerUpdateException(
                        "ledger record " + read.key().asString() + " disappeared while being updated"));
            }
        }
    }
}
