package dev.hubresponder.digest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubresponder.alert.AlertChannel;
import dev.hubresponder.alert.AlertMessage;
import dev.hubresponder.alert.RecordingChannel;
import dev.hubresponder.config.ResponderConfig;
import dev.hubresponder.finding.Finding;
import dev.hubresponder.finding.Resource;
import dev.hubresponder.finding.Severity;
import dev.hubresponder.fixtures.Findings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SendDigestTest {
    private static final Instant NOW = Instant.parse("2026-11-26T06:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private final RecordingChannel channel = new RecordingChannel();
    private final List<FindingQuery> queries = new ArrayList<>();

    @Test
    void dailyDigestKeepsOnlyActiveMediumFindingsOfTheLastDay() {
        List<Finding> served = new ArrayList<>();
        served.add(medium("m1", "111111111111", "i-1", NOW.minus(Duration.ofHours(2))));
        served.add(medium("m2", "111111111111", "i-1", NOW.minus(Duration.ofHours(5))));
        served.add(medium("m3", "222222222222", "i-2", NOW.minus(Duration.ofHours(23))));
        served.add(Findings.builder().id("high").severity(Severity.HIGH).updatedAt(NOW).build());
        served.add(Findings.builder().id("archived").severity(Severity.MEDIUM).recordState("ARCHIVED")
                .updatedAt(NOW).build());
        served.add(medium("old", "111111111111", "i-1", NOW.minus(Duration.ofHours(25))));

        DigestResult result = digest(ResponderConfig.defaults(), served, null).send(DigestTier.DAILY);

        assertThat(queries).singleElement().satisfies(q -> {
            assertThat(q.severities()).containsExactly(Severity.MEDIUM);
            assertThat(q.updatedFrom()).isEqualTo(NOW.minus(Duration.ofDays(1)));
            assertThat(q.updatedTo()).isEqualTo(NOW);
        });
        assertThat(result.status()).isEqualTo(DigestResult.Status.SENT);
        assertThat(result.included()).isEqualTo(3);
        assertThat(result.dropped()).isEqualTo(3);
        AlertMessage message = channel.published.get(0);
        assertThat(message.subject()).isEqualTo("Daily digest: 3 MEDIUM findings, to 2026-11-26");
        assertThat(message.attributes()).containsExactly(Map.entry("severity", "MEDIUM"),
                Map.entry("action", "DIGEST_DAILY"), Map.entry("outcome", "COMPLETE"));
        assertThat(message.body())
                .contains("Active findings updated 2026-11-25 06:00 UTC to 2026-11-26 06:00 UTC: 3")
                .contains("      3  MEDIUM")
                .contains("By account (2)\n      2  111111111111\n      1  222222222222\n")
                .contains("By resource (2)\n      2  AwsEc2Instance arn:aws:ec2:us-east-1:1:instance/i-1\n")
                .contains("By type (1)\n      3  " + Findings.SSH_BRUTE_FORCE + "\n")
                .contains("Top 3 (highest severity, most recently updated first)\n1. [MEDIUM] finding m1\n")
                .contains("Left out because they did not match the digest's filter: 1 (record state ARCHIVED), "
                        + "1 (severity HIGH), 1 (updated outside the window).");
        assertThat(message.body().indexOf("finding m2")).isLessThan(message.body().indexOf("finding m3"));
    }

    @Test
    void manyFindingsStayOneMessageWithTopItemsAndRemainders() {
        List<Finding> served = IntStream.range(0, 5_000).mapToObj(i -> medium("f" + i, "%012d".formatted(i % 40),
                "i-" + i, NOW.minusSeconds(i))).toList();

        DigestResult result = digest(ResponderConfig.defaults(), served, null).send(DigestTier.DAILY);

        AlertMessage message = channel.published.get(0);
        assertThat(result.included()).isEqualTo(5_000);
        assertThat(message.sizeInBytes()).isLessThan(64 * 1024);
        assertThat(message.body()).contains("By account (40)").contains("  … and 25 more with 3125 finding(s)")
                .contains("By resource (5000)").contains("Top 25 ").contains("25. [MEDIUM] finding f24\n")
                .doesNotContain("26. [");
    }

    @Test
    void weeklyTierUsesItsOwnSeveritiesAndSevenDays() {
        ResponderConfig config = ResponderConfig.fromEnv(Map.of("RESPONDER_WEEKLY_DIGEST_SEVERITIES", "LOW"));

        digest(config, List.of(), null).send(DigestTier.WEEKLY);

        assertThat(queries.get(0).severities()).containsExactly(Severity.LOW);
        assertThat(queries.get(0).updatedFrom()).isEqualTo(NOW.minus(Duration.ofDays(7)));
        assertThat(channel.published.get(0).subject()).isEqualTo("Weekly digest: 0 LOW findings, to 2026-11-26");
    }

    @Test
    void tierWithoutSeveritiesReadsAndSendsNothing() {
        ResponderConfig config = ResponderConfig.fromEnv(Map.of("RESPONDER_DAILY_DIGEST_SEVERITIES", ""));

        DigestResult result = digest(config, List.of(), null).send(DigestTier.DAILY);

        assertThat(result.status()).isEqualTo(DigestResult.Status.NOT_CONFIGURED);
        assertThat(queries).isEmpty();
        assertThat(channel.published).isEmpty();
    }

    @Test
    void refusedReadStillSendsADigestMarkedIncomplete() {
        List<Finding> served = List.of(medium("m1", "111111111111", "i-1", NOW));

        digest(ResponderConfig.defaults(), served, "GetFindings page 2 refused: AccessDeniedException: no")
                .send(DigestTier.DAILY);

        AlertMessage message = channel.published.get(0);
        assertThat(message.subject()).startsWith("Daily digest INCOMPLETE: 1 MEDIUM finding,");
        assertThat(message.attributes()).containsEntry("outcome", "INCOMPLETE");
        assertThat(message.body()).contains("INCOMPLETE: reading findings stopped after 1 page(s): GetFindings page 2"
                + " refused: AccessDeniedException: no");
    }

    @Test
    void rejectedPublishIsReported() {
        channel.answering(m -> new AlertChannel.Delivery.Rejected("topic gone"));

        DigestResult result = digest(ResponderConfig.defaults(), List.of(), null).send(DigestTier.DAILY);

        assertThat(result.status()).isEqualTo(DigestResult.Status.REJECTED);
        assertThat(result.detail()).isEqualTo("topic gone");
    }

    private SendDigest digest(ResponderConfig config, List<Finding> served, String failure) {
        FindingSource source = (FindingQuery query, Consumer<Finding> sink) -> {
            queries.add(query);
            served.forEach(sink);
            return new FindingSource.Scan(1, served.size(), 0, failure);
        };
        return new SendDigest(config, source, channel, "us-east-1", CLOCK);
    }

    private static Finding medium(String id, String account, String instance, Instant updated) {
        return Findings.builder().id(id).account(account).severity(Severity.MEDIUM).title("finding " + id)
                .updatedAt(updated).resources(List.of(new Resource("AwsEc2Instance",
                        "arn:aws:ec2:us-east-1:1:instance/" + instance, "us-east-1", Map.of(), null, null)))
                .build();
    }
}
