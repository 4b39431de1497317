package dev.hubresponder.testing;

import dev.hubresponder.ledger.ActionLedger.WindowPlace;
import java.util.HashMap;
import java.util.Map;

/** Counted windows in memory, as the DynamoDB ledger keeps them: for the in-memory test ledgers. */
public final class WindowCounts {
    private final Map<String, int[]> windows = new HashMap<>();

    /** Takes a place if fewer than {@code limit} are taken, else counts one more held back. */
    public synchronized WindowPlace take(String window, int limit) {
        int[] counts = windows.computeIfAbsent(window, w -> new int[2]);
        if (counts[0] < limit) {
            counts[0]++;
            return new WindowPlace(true, 0);
        }
        counts[1]++;
        return new WindowPlace(false, counts[1]);
    }
}
