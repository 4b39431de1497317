package dev.hubresponder.functions.digest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubresponder.alert.AlertChannel;
import dev.hubresponder.aws.LambdaSdk;
import dev.hubresponder.aws.securityhub.SecurityHubFindingSource;
import dev.hubresponder.aws.sns.SnsAlertChannel;
import dev.hubresponder.config.ConfigurationException;
import dev.hubresponder.config.ResponderConfig;
import dev.hubresponder.digest.FindingSource;
import dev.hubresponder.digest.SendDigest;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The digest function's wiring, built once per execution environment: the tiers' severities from the
 * {@code RESPONDER_*} variables, Security Hub and SNS clients on the Apache HTTP client (Security Hub needs one that
 * can send PATCH for the product's other calls; one client type keeps the jar small; the SDK reads
 * {@code AWS_ENDPOINT_URL} itself).
 *
 * <p>Environment: {@code ALERT_TOPIC_ARN} (required), {@code AWS_REGION}, {@code DIGEST_MAX_PAGES} (default
 * {@value #DEFAULT_MAX_PAGES} pages of 100 findings), {@code RESPONDER_DAILY_DIGEST_SEVERITIES},
 * {@code RESPONDER_WEEKLY_DIGEST_SEVERITIES}.
 */
record DigestWiring(ObjectMapper mapper, SendDigest digests) {
    /** 20,000 findings: far more than a digest can usefully list, and read well within a 5-minute timeout. */
    static final int DEFAULT_MAX_PAGES = 200;

    /** JUL's format for one log line: level, logger, message with its fields, and the error if any. */
    static final String ONE_LINE_FORMAT = "%4$s %3$s %5$s%6$s%n";

    /**
     * Makes {@link System.Logger} write one line per event (JUL's default is two), unless the format was set with
     * {@code -Djava.util.logging.SimpleFormatter.format} (for example in {@code JAVA_TOOL_OPTIONS}).
     */
    static void useOneLineLogs() {
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", ONE_LINE_FORMAT);
        }
    }

    static DigestWiring fromEnv(Map<String, String> env) {
        SecurityHubClient securityHub = LambdaSdk.configure(SecurityHubClient.builder(), env)
                .httpClientBuilder(ApacheHttpClient.builder()).build();
        SnsClient sns = LambdaSdk.configure(SnsClient.builder(), env).httpClientBuilder(ApacheHttpClient.builder())
                .build();
        return of(env, new SecurityHubFindingSource(securityHub, maxPages(env)),
                new SnsAlertChannel(sns, required(env, "ALERT_TOPIC_ARN")), Clock.systemUTC());
    }

    /** The wiring around given collaborators; the tiers and the console region still come from {@code env}. */
    static DigestWiring of(Map<String, String> env, FindingSource source, AlertChannel channel, Clock clock) {
        return new DigestWiring(new ObjectMapper(), new SendDigest(ResponderConfig.fromEnv(env), source, channel,
                required(env, "AWS_REGION"), clock));
    }

    static int maxPages(Map<String, String> env) {
        String value = env.getOrDefault("DIGEST_MAX_PAGES", Integer.toString(DEFAULT_MAX_PAGES)).trim();
        try {
            int pages = Integer.parseInt(value);
            if (pages < 1) {
                throw new ConfigurationException("DIGEST_MAX_PAGES must be 1 or more, was " + pages);
            }
            return pages;
        } catch (NumberFormatException e) {
            throw new ConfigurationException("DIGEST_MAX_PAGES must be a whole number, was '" + value + "'");
        }
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.getOrDefault(name, "").trim();
        if (value.isEmpty()) {
            throw new ConfigurationException(name + " must be set");
        }
        return value;
    }
}
