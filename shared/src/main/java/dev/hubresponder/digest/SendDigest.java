package dev.hubresponder.digest;

import dev.hubresponder.alert.AlertChannel;
import dev.hubresponder.alert.AlertMessage;
import dev.hubresponder.config.ResponderConfig;
import dev.hubresponder.finding.Severity;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * A scheduled digest: reads the active findings of the tier's severities updated within its window (every page),
 * keeps those that really match (the source's filtering is not trusted), and publishes one message that groups
 * them. A digest with no findings is still sent: it tells the team the responder ran and found nothing.
 *
 * <p>A source that cannot be read right now throws {@link FindingSourceUnavailableException} (Lambda retries);
 * a source that refuses for good yields a digest marked INCOMPLETE with what was read, so that the failure is seen
 * by the people who expect the digest.
 */
public final class SendDigest {
    /** How many findings a digest lists one by one. */
    public static final int TOP_FINDINGS = 25;

    private final ResponderConfig config;
    private final FindingSource source;
    private final AlertChannel channel;
    private final DigestComposer composer;
    private final Clock clock;

    /** @param consoleRegion the region whose Security Hub console the digest links to */
    public SendDigest(ResponderConfig config, FindingSource source, AlertChannel channel, String consoleRegion,
                      Clock clock) {
        this.config = config;
        this.source = source;
        this.channel = channel;
        this.composer = new DigestComposer(consoleRegion);
        this.clock = clock;
    }

    /**
     * Builds and publishes one digest.
     *
     * @throws FindingSourceUnavailableException             when findings cannot be read right now
     * @throws dev.hubresponder.alert.AlertChannelUnavailableException when the channel cannot take it right now
     */
    public DigestResult send(DigestTier tier) {
        Set<Severity> severities = tier.severities(config);
        if (severities.isEmpty()) {
            return new DigestResult(tier, DigestResult.Status.NOT_CONFIGURED, 0, 0, null,
                    "no severity is configured for the " + tier + " digest");
        }
        Instant to = clock.instant();
        FindingQuery query = new FindingQuery(severities, to.minus(tier.window()), to);
        DigestReport report = new DigestReport(TOP_FINDINGS);
        FindingSource.Scan scan = source.scan(query, finding -> {
            Optional<String> mismatch = query.mismatch(finding);
            if (mismatch.isPresent()) {
                report.drop(mismatch.get());
            } else {
                report.add(finding);
            }
        });
        AlertMessage message = composer.compose(tier, query, report, scan);
        AlertChannel.Delivery delivery = channel.publish(message);
        if (delivery instanceof AlertChannel.Delivery.Sent) {
            return new DigestResult(tier, DigestResult.Status.SENT, report.included(), report.droppedCount(), scan,
                    message.subject());
        }
        return new DigestResult(tier, DigestResult.Status.REJECTED, report.included(), report.droppedCount(), scan,
                ((AlertChannel.Delivery.Rejected) delivery).reason());
    }
}
