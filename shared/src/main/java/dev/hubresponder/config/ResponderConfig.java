package dev.hubresponder.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubresponder.finding.Severity;
import dev.hubresponder.policy.Playbook;
import dev.hubresponder.policy.ResponseAction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The responder's policy settings, read once from environment variables and validated at init: a wrong value
 * stops the function with a message naming the variable, rather than making a decision on a guess.
 * Every variable, its default and its meaning are listed in README.md.
 *
 * @param containSeverities       severities whose threat findings are contained ({@code RESPONDER_CONTAIN_SEVERITIES})
 * @param ticketSeverities        severities that get a ticket ({@code RESPONDER_TICKET_SEVERITIES})
 * @param alertSeverities         severities that get an immediate alert ({@code RESPONDER_ALERT_SEVERITIES})
 * @param dailyDigestSeverities   severities left for the daily digest ({@code RESPONDER_DAILY_DIGEST_SEVERITIES})
 * @param weeklyDigestSeverities  severities left for the weekly digest ({@code RESPONDER_WEEKLY_DIGEST_SEVERITIES})
 * @param threatTypePrefixes      finding type prefixes that mark a threat ({@code RESPONDER_THREAT_TYPE_PREFIXES})
 * @param trustedProducts         products whose findings may cause containment ({@code RESPONDER_TRUSTED_PRODUCTS})
 * @param allowedAccounts         accounts containment may act in; empty means all ({@code RESPONDER_ALLOWED_ACCOUNTS})
 * @param allowedRegions          Regions containment may act in; empty means all ({@code RESPONDER_ALLOWED_REGIONS})
 * @param protectedTagKey         tag key that protects a resource ({@code RESPONDER_PROTECTED_TAG_KEY})
 * @param protectedTagValue       tag value that protects a resource ({@code RESPONDER_PROTECTED_TAG_VALUE})
 * @param neverBlockCidrs         ranges never blocked, in addition to the built-in ones ({@code RESPONDER_NEVER_BLOCK_CIDRS})
 * @param shadowMode              decide and record but change nothing ({@code RESPONDER_SHADOW_MODE})
 * @param shadowActions           actions in shadow mode even when the global switch is off ({@code RESPONDER_SHADOW_ACTIONS})
 * @param killSwitch              refuse all containment ({@code RESPONDER_KILL_SWITCH})
 * @param maxContainmentsPerHour  containment cap per account per hour ({@code RESPONDER_MAX_CONTAINMENTS_PER_HOUR})
 * @param customActions           custom action target id → what it does ({@code RESPONDER_CUSTOM_ACTIONS})
 * @param playbook                the response playbook: the shipped rules, after those of {@code RESPONDER_PLAYBOOK}
 * @param containmentRoutingSeverities severities whose threat findings the template's rules deliver to the
 *                                containment functions ({@code RESPONDER_CONTAINMENT_ROUTING_SEVERITIES}); containment
 *                                planned at another severity would reach no function, so it is refused instead
 * @param maxUntrustedTicketsPerHour tickets per clock hour, across the stack, for findings whose producer is not
 *                                trusted ({@code RESPONDER_MAX_UNTRUSTED_TICKETS_PER_HOUR}); past it they are held back
 * @param maxUntrustedAlertsPerHour alerts per clock hour, across the stack, for findings whose producer is not
 *                                trusted ({@code RESPONDER_MAX_UNTRUSTED_ALERTS_PER_HOUR}); past it they are held back
 */
public record ResponderConfig(Set<Severity> containSeverities, Set<Severity> ticketSeverities,
                              Set<Severity> alertSeverities, Set<Severity> dailyDigestSeverities,
                              Set<Severity> weeklyDigestSeverities, List<String> threatTypePrefixes,
                              List<String> trustedProducts, Set<String> allowedAccounts,
                              Set<String> allowedRegions, String protectedTagKey,
                              String protectedTagValue, List<String> neverBlockCidrs, boolean shadowMode,
                              Set<ResponseAction> shadowActions, boolean killSwitch, int maxContainmentsPerHour,
                              Map<String, CustomActionKind> customActions, Playbook playbook,
                              Set<Severity> containmentRoutingSeverities, int maxUntrustedTicketsPerHour,
                              int maxUntrustedAlertsPerHour) {

    /** What a custom action does to every finding it is chosen on. */
    public enum CustomActionKind {
        /** Quarantine the findings' instances and stop their tasks. */
        ISOLATE,
        /** Release the findings' instances, restore their tasks' services and their revoked credentials. */
        RELEASE,
        /** Stop the findings' ECS tasks. */
        STOP_TASK,
        /** Block the findings' public remote addresses. */
        BLOCK,
        /** Unblock the findings' remote addresses. */
        UNBLOCK,
        /** Open a ticket for each finding. */
        TICKET,
        /** Revoke the findings' credentials: deactivate users' access keys, deny roles' older sessions. */
        REVOKE
    }

    /**
     * Default of both untrusted-producer caps: more tickets or alerts in an hour than a person can read is a flood
     * whatever caused it, and 25 leaves room for the bursts genuine producers make (a new account's posture checks,
     * one CVE on many images). See docs/security.md.
     */
    public static final int DEFAULT_MAX_UNTRUSTED_PER_HOUR = 25;

    /** Default custom action target ids, as the stack creates them (ids are at most 20 characters). */
    public static final String DEFAULT_CUSTOM_ACTIONS =
            "HubRespIsolate=ISOLATE,HubRespRelease=RELEASE,HubRespStopTask=STOP_TASK,"
                    + "HubRespBlock=BLOCK,HubRespUnblock=UNBLOCK,HubRespTicket=TICKET,HubRespRevoke=REVOKE";

    public ResponderConfig {
        containSeverities = immutable(containSeverities, Severity.class);
        ticketSeverities = immutable(ticketSeverities, Severity.class);
        alertSeverities = immutable(alertSeverities, Severity.class);
        dailyDigestSeverities = immutable(dailyDigestSeverities, Severity.class);
        weeklyDigestSeverities = immutable(weeklyDigestSeverities, Severity.class);
        shadowActions = immutable(shadowActions, ResponseAction.class);
        threatTypePrefixes = List.copyOf(threatTypePrefixes);
        trustedProducts = List.copyOf(trustedProducts);
        allowedAccounts = Set.copyOf(allowedAccounts);
        allowedRegions = Set.copyOf(allowedRegions);
        neverBlockCidrs = List.copyOf(neverBlockCidrs);
        customActions = Map.copyOf(customActions);
        Objects.requireNonNull(playbook, "playbook");
        containmentRoutingSeverities = immutable(containmentRoutingSeverities, Severity.class);
    }

    /** The defaults, as if no variable were set. */
    public static ResponderConfig defaults() {
        return fromEnv(Map.of());
    }

    /**
     * Reads the configuration from environment variables ({@code System.getenv()} in production, a literal map in
     * tests).
     *
     * @throws ConfigurationException naming the first variable whose value is wrong
     */
    public static ResponderConfig fromEnv(Map<String, String> env) {
        Reader r = new Reader(env);
        int cap = r.atLeastZero("RESPONDER_MAX_CONTAINMENTS_PER_HOUR", 10);
        String tagKey = r.text("RESPONDER_PROTECTED_TAG_KEY", "hub-responder:protected");
        if (tagKey.isBlank()) {
            throw new ConfigurationException("RESPONDER_PROTECTED_TAG_KEY must not be empty");
        }
        String tagValue = r.text("RESPONDER_PROTECTED_TAG_VALUE", "true");
        if (tagValue.isEmpty()) {
            // An empty value would protect only resources tagged with an empty value: not what anyone means.
            throw new ConfigurationException("RESPONDER_PROTECTED_TAG_VALUE must not be empty (resources tagged "
                    + tagKey + "=<value> are protected)");
        }
        Set<Severity> contain = r.severities("RESPONDER_CONTAIN_SEVERITIES", "CRITICAL");
        Set<Severity> routed = r.severities("RESPONDER_CONTAINMENT_ROUTING_SEVERITIES", "HIGH,CRITICAL");
        for (Severity severity : contain) {
            if (!routed.contains(severity)) {
                throw new ConfigurationException("RESPONDER_CONTAIN_SEVERITIES includes " + severity + ", which "
                        + "RESPONDER_CONTAINMENT_ROUTING_SEVERITIES (" + routed + ") does not deliver to the "
                        + "containment functions; add it there too (template parameter ContainmentRoutingSeverities)");
            }
        }
        return new ResponderConfig(
                contain,
                r.severities("RESPONDER_TICKET_SEVERITIES", "CRITICAL,HIGH"),
                r.severities("RESPONDER_ALERT_SEVERITIES", "CRITICAL,HIGH"),
                r.severities("RESPONDER_DAILY_DIGEST_SEVERITIES", "MEDIUM"),
                r.severities("RESPONDER_WEEKLY_DIGEST_SEVERITIES", "LOW,INFORMATIONAL"),
                r.list("RESPONDER_THREAT_TYPE_PREFIXES", "TTPs/,Effects/,Unusual Behaviors/"),
                r.list("RESPONDER_TRUSTED_PRODUCTS", "aws/guardduty"),
                Set.copyOf(r.accounts("RESPONDER_ALLOWED_ACCOUNTS")),
                Set.copyOf(r.regions("RESPONDER_ALLOWED_REGIONS")),
                tagKey,
                tagValue,
                r.list("RESPONDER_NEVER_BLOCK_CIDRS", ""),
                r.bool("RESPONDER_SHADOW_MODE", false),
                r.actions("RESPONDER_SHADOW_ACTIONS"),
                r.bool("RESPONDER_KILL_SWITCH", false),
                cap,
                r.customActions("RESPONDER_CUSTOM_ACTIONS", DEFAULT_CUSTOM_ACTIONS),
                Playbook.withOverride(PLAYBOOK_READER, env.get("RESPONDER_PLAYBOOK")),
                routed,
                r.atLeastZero("RESPONDER_MAX_UNTRUSTED_TICKETS_PER_HOUR", DEFAULT_MAX_UNTRUSTED_PER_HOUR),
                r.atLeastZero("RESPONDER_MAX_UNTRUSTED_ALERTS_PER_HOUR", DEFAULT_MAX_UNTRUSTED_PER_HOUR));
    }

    /** Reads playbooks at init; a plain mapper, so that reading one needs no function's wiring. */
    private static final ObjectMapper PLAYBOOK_READER = new ObjectMapper();

    /** The custom action id configured for this kind (the first one), or empty. */
    public Optional<String> customActionId(CustomActionKind kind) {
        return customActions.entrySet().stream().filter(e -> e.getValue() == kind).map(Map.Entry::getKey)
                .sorted().findFirst();
    }

    /** True when this action runs in shadow mode: decided and recorded, nothing changed. */
    public boolean isShadow(ResponseAction action) {
        return shadowActions.contains(action) || (shadowMode && (action.isContainment() || action.isRelease()));
    }

    private static <E extends Enum<E>> Set<E> immutable(Set<E> values, Class<E> type) {
        return values.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(values));
    }

    /** Reads and validates one variable at a time, naming it in every error. */
    private record Reader(Map<String, String> env) {
        String text(String name, String fallback) {
            String value = env.get(name);
            return value == null ? fallback : value.trim();
        }

        List<String> list(String name, String fallback) {
            String value = text(name, fallback);
            return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        }

        boolean bool(String name, boolean fallback) {
            String value = text(name, Boolean.toString(fallback)).toLowerCase(Locale.ROOT);
            return switch (value) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new ConfigurationException(name + " must be true or false, was '" + value + "'");
            };
        }

        int integer(String name, int fallback) {
            String value = text(name, Integer.toString(fallback));
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new ConfigurationException(name + " must be a whole number, was '" + value + "'");
            }
        }

        int atLeastZero(String name, int fallback) {
            int value = integer(name, fallback);
            if (value < 0) {
                throw new ConfigurationException(name + " must be 0 or more, was " + value);
            }
            return value;
        }

        Set<Severity> severities(String name, String fallback) {
            return parsed(name, fallback, s -> Severity.fromLabel(s).orElseThrow(() -> new ConfigurationException(
                    name + ": '" + s + "' is not a severity (use INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL)")),
                    Severity.class);
        }

        Set<ResponseAction> actions(String name) {
            return parsed(name, "", s -> {
                try {
                    return ResponseAction.valueOf(s.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new ConfigurationException(name + ": '" + s + "' is not an action (use one of "
                            + Arrays.toString(ResponseAction.values()) + ")");
                }
            }, ResponseAction.class);
        }

        List<String> accounts(String name) {
            List<String> accounts = list(name, "");
            for (String account : accounts) {
                if (!account.matches("\\d{12}")) {
                    throw new ConfigurationException(name + ": '" + account + "' is not a 12-digit account id");
                }
            }
            return accounts;
        }

        List<String> regions(String name) {
            List<String> regions = list(name, "");
            for (String region : regions) {
                if (!region.matches("[a-z]{2}(-[a-z]+)+-\\d+")) {
                    throw new ConfigurationException(name + ": '" + region + "' is not a Region name (us-west-2)");
                }
            }
            return regions;
        }

        Map<String, CustomActionKind> customActions(String name, String fallback) {
            Map<String, CustomActionKind> result = new LinkedHashMap<>();
            for (String entry : list(name, fallback)) {
                int eq = entry.indexOf('=');
                if (eq <= 0 || eq == entry.length() - 1) {
                    throw new ConfigurationException(name + ": '" + entry + "' is not of the form <actionId>=<KIND>");
                }
                String id = entry.substring(0, eq).trim();
                String kind = entry.substring(eq + 1).trim().toUpperCase(Locale.ROOT);
                if (id.length() > 20) {
                    throw new ConfigurationException(name + ": action id '" + id + "' is longer than 20 characters");
                }
                CustomActionKind parsed;
                try {
                    parsed = CustomActionKind.valueOf(kind);
                } catch (IllegalArgumentException e) {
                    throw new ConfigurationException(name + ": '" + kind + "' is not a custom action kind (use one of "
                            + Arrays.toString(CustomActionKind.values()) + ")");
                }
                CustomActionKind earlier = result.put(id, parsed);
                if (earlier != null) {
                    throw new ConfigurationException(name + ": action id '" + id + "' is given twice (" + earlier
                            + " and " + parsed + ")");
                }
            }
            return result;
        }

        private <E extends Enum<E>> Set<E> parsed(String name, String fallback, Function<String, E> parse,
                                                  Class<E> type) {
            List<E> values = new ArrayList<>();
            for (String item : list(name, fallback)) {
                values.add(parse.apply(item));
            }
            return values.isEmpty() ? EnumSet.noneOf(type) : EnumSet.copyOf(values);
        }
    }
}
