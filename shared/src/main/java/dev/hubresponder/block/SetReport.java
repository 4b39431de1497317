package dev.hubresponder.block;

import java.util.List;

/**
 * What one run did to one IP set.
 *
 * @param version    which set
 * @param set        its name (ARN)
 * @param written    true when the set was written (false: nothing to change, or it failed)
 * @param attempts   reads of the set (above 1 when concurrent writers forced re-reads)
 * @param sizeBefore entries before (-1 when it could not be read)
 * @param sizeAfter  entries after (-1 when it could not be read)
 * @param capacity   the configured capacity
 * @param highWater  true when the set is at or above the high-water mark after this run (metric and alarm)
 * @param evicted    hosts the responder took out to make room (EVICT_OLDEST)
 * @param failure    why the set could not be written, else null
 * @param message    WAF's message when it could not be written, else null
 */
public record SetReport(IpVersion version, String set, boolean written, int attempts, int sizeBefore, int sizeAfter,
                        int capacity, boolean highWater, List<String> evicted, WriteFailure failure,
                        String message) {
    public SetReport {
        evicted = List.copyOf(evicted);
    }
}
