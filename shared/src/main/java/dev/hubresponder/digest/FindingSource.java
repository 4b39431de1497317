package dev.hubresponder.digest;

import dev.hubresponder.finding.Finding;
import java.util.function.Consumer;

/**
 * Where findings are read from for digests: the port the Security Hub adapter implements.
 *
 * <p>A failure that may pass on a retry (throttling, service error, timeout) is thrown as
 * {@link FindingSourceUnavailableException}; one that will not (access denied, Security Hub not enabled, a
 * request it refuses) ends the scan and is reported in {@link Scan#failure()}, with what was read before it.
 */
public interface FindingSource {

    /** Reads every page of findings matching the query, handing each finding to the sink as it arrives. */
    Scan scan(FindingQuery query, Consumer<Finding> sink);

    /**
     * What one scan read.
     *
     * @param pages      pages received
     * @param received   findings handed to the sink
     * @param unreadable findings skipped because they lack what a finding needs (id, account, severity label)
     * @param failure    why the scan stopped early, or null when it read every page
     */
    record Scan(int pages, int received, int unreadable, String failure) {
        public boolean complete() {
            return failure == null;
        }
    }
}
