package dev.hubresponder.aws.waf;

import dev.hubresponder.aws.LambdaSdk;
import dev.hubresponder.block.BlockList;
import dev.hubresponder.block.IpVersion;
import dev.hubresponder.block.SetContents;
import dev.hubresponder.block.SetEdit;
import dev.hubresponder.block.SetWrite;
import dev.hubresponder.block.WriteFailure;
import dev.hubresponder.config.ConfigurationException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.wafv2.Wafv2Client;
import software.amazon.awssdk.services.wafv2.Wafv2ClientBuilder;
import software.amazon.awssdk.services.wafv2.model.GetIpSetResponse;
import software.amazon.awssdk.services.wafv2.model.Scope;
import software.amazon.awssdk.services.wafv2.model.WafInternalErrorException;
import software.amazon.awssdk.services.wafv2.model.WafInvalidParameterException;
import software.amazon.awssdk.services.wafv2.model.WafLimitsExceededException;
import software.amazon.awssdk.services.wafv2.model.WafNonexistentItemException;
import software.amazon.awssdk.services.wafv2.model.WafOptimisticLockException;
import software.amazon.awssdk.services.wafv2.model.WafUnavailableEntityException;

/**
 * The block list in two WAFv2 IP sets, IPv4 and IPv6.
 *
 * <p>Each edit is {@code GetIPSet} → decide → {@code UpdateIPSet} with the read's lock token. {@code UpdateIPSet}
 * replaces the whole list, so a stale token must fail: on {@code WAFOptimisticLockException} the set is read again
 * and the edit decided again on what is there now, after a jittered exponential pause, up to
 * {@link Backoff#maxAttempts()} reads. Nothing is written when the edit changes nothing. Throttling and
 * {@code WAFLimitsExceededException} are not retried here: they come back as their own outcomes (the SDK's own
 * retries have already run for throttling). The set's description is written back unchanged, since
 * {@code UpdateIPSet} would otherwise clear it.
 */
public final class WafIpSetBlockList implements BlockList {
    private final Wafv2Client waf;
    private final Map<IpVersion, IpSetRef> sets = new EnumMap<>(IpVersion.class);
    private final Backoff backoff;
    private final SplittableRandom random = new SplittableRandom();

    public WafIpSetBlockList(Wafv2Client waf, IpSetRef ipv4, IpSetRef ipv6, Backoff backoff) {
        this.waf = waf;
        this.sets.put(IpVersion.V4, ipv4);
        this.sets.put(IpVersion.V6, ipv6);
        this.backoff = backoff;
    }

    /** The environment variables naming the sets. */
    public static final String IPV4_SET_VARIABLE = "RESPONDER_WAF_IPV4_SET_ARN";
    public static final String IPV6_SET_VARIABLE = "RESPONDER_WAF_IPV6_SET_ARN";

    /**
     * The sets named by {@value #IPV4_SET_VARIABLE} and {@value #IPV6_SET_VARIABLE}, over a client built once for
     * their scope: a CLOUDFRONT (global) set is only reachable in us-east-1, a REGIONAL one in the function's
     * Region ({@code AWS_REGION}, read by the SDK, as is {@code AWS_ENDPOINT_URL}).
     *
     * @throws ConfigurationException naming the variable that is missing or wrong
     */
    public static WafIpSetBlockList fromEnv(Map<String, String> env) {
        IpSetRef ipv4 = IpSetRef.fromArn(env.get(IPV4_SET_VARIABLE), IPV4_SET_VARIABLE);
        IpSetRef ipv6 = IpSetRef.fromArn(env.get(IPV6_SET_VARIABLE), IPV6_SET_VARIABLE);
        if (ipv4.scope() != ipv6.scope()) {
            throw new ConfigurationException(IPV4_SET_VARIABLE + " and " + IPV6_SET_VARIABLE
                    + " must name sets of the same scope (both regional or both CloudFront), were " + ipv4.scope()
                    + " and " + ipv6.scope());
        }
        Wafv2ClientBuilder builder = LambdaSdk.configure(Wafv2Client.builder(), env)
                .httpClient(UrlConnectionHttpClient.create());
        if (ipv4.scope() == Scope.CLOUDFRONT) {
            builder.region(Region.US_EAST_1);
        }
        return new WafIpSetBlockList(builder.build(), ipv4, ipv6, Backoff.standard());
    }

    @Override
    public String setName(IpVersion version) {
        return sets.get(version).arn();
    }

    @Override
    public <E extends SetEdit> SetWrite<E> edit(IpVersion version, Function<SetContents, E> decide) {
        IpSetRef set = sets.get(version);
        for (int attempt = 1; ; attempt++) {
            try {
                GetIpSetResponse read = waf.getIPSet(r -> r.name(set.name()).scope(set.scope()).id(set.id()));
                SetContents before = new SetContents(set.arn(), read.ipSet().addresses());
                E edit = decide.apply(before);
                List<String> next = merged(before.entries(), edit);
                if (next == null) {
                    return new SetWrite.Unchanged<>(edit, before, attempt);
                }
                waf.updateIPSet(r -> r.name(set.name()).scope(set.scope()).id(set.id())
                        .addresses(next)
                        .description(read.ipSet().description())
                        .lockToken(read.lockToken()));
                return new SetWrite.Written<>(edit, before, next.size(), attempt);
            } catch (WafOptimisticLockException e) {
                if (attempt >= backoff.maxAttempts()) {
                    return failed(WriteFailure.CONFLICT, set, "still changed by other writers after " + attempt
                            + " reads", attempt);
                }
                try {
                    backoff.sleeper().sleep(backoff.delayMillis(attempt, random));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return failed(WriteFailure.UNAVAILABLE, set, "interrupted while waiting to retry", attempt);
                }
            } catch (WafLimitsExceededException e) {
                return failed(WriteFailure.LIMIT_EXCEEDED, set, message(e), attempt);
            } catch (WafNonexistentItemException e) {
                return failed(WriteFailure.SET_MISSING, set, message(e), attempt);
            } catch (WafInternalErrorException | WafUnavailableEntityException e) {
                return failed(WriteFailure.UNAVAILABLE, set, message(e), attempt);
            } catch (WafInvalidParameterException e) {
                return failed(WriteFailure.REJECTED, set, message(e), attempt);
            } catch (AwsServiceException e) {
                WriteFailure failure = e.isThrottlingException() ? WriteFailure.THROTTLED
                        : e.statusCode() >= 500 ? WriteFailure.UNAVAILABLE : WriteFailure.REJECTED;
                return failed(failure, set, message(e), attempt);
            } catch (SdkClientException e) {
                return failed(WriteFailure.UNAVAILABLE, set, "could not reach WAF: " + e.getMessage(), attempt);
            }
        }
    }

    /** The entries after the edit, or null when the edit changes nothing. */
    static List<String> merged(List<String> entries, SetEdit edit) {
        Set<String> removals = new HashSet<>(edit.removals());
        Set<String> next = new LinkedHashSet<>(entries.size() + edit.additions().size());
        boolean changed = false;
        for (String entry : entries) {
            if (removals.contains(entry)) {
                changed = true;
            } else {
                next.add(entry);
            }
        }
        for (String addition : edit.additions()) {
            changed |= next.add(addition);
        }
        return changed ? new ArrayList<>(next) : null;
    }

    private static <E extends SetEdit> SetWrite<E> failed(WriteFailure failure, IpSetRef set, String message,
                                                          int attempt) {
        return new SetWrite.Failed<>(failure, "IP set " + set.name() + " (" + set.scope() + "): " + message, attempt);
    }

    private static String message(AwsServiceException e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        return (code == null ? "" : code + ": ") + e.getMessage();
    }
}
