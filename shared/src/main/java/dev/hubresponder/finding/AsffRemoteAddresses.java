package dev.hubresponder.finding;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Finds the remote addresses of an ASFF finding, and the affected resource's role, wherever producers put them.
 *
 * <p>Read in this order, each address kept once per direction with the first field that named it:
 * <ol>
 *   <li>typed {@code Action.NetworkConnectionAction.RemoteIpDetails.IpAddressV4/V6}, direction from
 *       {@code Action.NetworkConnectionAction.ConnectionDirection};</li>
 *   <li>typed {@code Action.AwsApiCallAction.RemoteIpDetails.IpAddressV4/V6} (INBOUND: the caller);</li>
 *   <li>typed {@code Action.PortProbeAction.PortProbeDetails[].RemoteIpDetails.IpAddressV4/V6} (INBOUND);</li>
 *   <li>GuardDuty's flattened {@code ProductFields} under {@code aws/guardduty/service/action/}:
 *       {@code networkConnectionAction/remoteIpDetails/ipAddressV4|V6} (direction from
 *       {@code networkConnectionAction/connectionDirection}), {@code awsApiCallAction/remoteIpDetails/ipAddressV4|V6}
 *       and {@code portProbeAction/portProbeDetails.<n>_/remoteIpDetails/ipAddressV4|V6} (INBOUND);</li>
 *   <li>the retired {@code Network} object: the source when {@code Network.Direction} is IN (INBOUND), the
 *       destination when OUT (OUTBOUND), else the source with direction UNKNOWN.</li>
 * </ol>
 * Addresses are returned as the producer wrote them; validation happens later, per address.
 */
final class AsffRemoteAddresses {
    static final String GUARDDUTY_ACTION = "aws/guardduty/service/action/";
    static final String GUARDDUTY_RESOURCE_ROLE = "aws/guardduty/service/resourceRole";
    private static final String GUARDDUTY_CONNECTION_DIRECTION =
            GUARDDUTY_ACTION + "networkConnectionAction/connectionDirection";
    private static final String GUARDDUTY_PORT_PROBE = GUARDDUTY_ACTION + "portProbeAction/";
    private static final Pattern FLATTENED_PORT_PROBE =
            Pattern.compile("portProbeAction/portProbeDetails\\.\\d+_/remoteIpDetails/ipAddressV[46]");

    private AsffRemoteAddresses() {
    }

    static List<RemoteAddress> read(JsonNode finding, Map<String, String> productFields) {
        RemoteAddressCollector collected = new RemoteAddressCollector();
        readTypedAction(JsonFields.object(finding, "Action"), collected);
        readGuardDutyProductFields(productFields, collected);
        readRetiredNetwork(JsonFields.object(finding, "Network"), collected);
        return collected.addresses();
    }

    /** The resource's role from GuardDuty's {@code aws/guardduty/service/resourceRole}; UNKNOWN otherwise. */
    static ResourceRole resourceRole(Map<String, String> productFields) {
        String role = productFields.get(GUARDDUTY_RESOURCE_ROLE);
        if (role == null) {
            return ResourceRole.UNKNOWN;
        }
        return switch (role.trim().toUpperCase(Locale.ROOT)) {
            case "ACTOR" -> ResourceRole.ACTOR;
            case "TARGET" -> ResourceRole.TARGET;
            default -> ResourceRole.UNKNOWN;
        };
    }

    static Direction direction(String text) {
        if (text == null) {
            return Direction.UNKNOWN;
        }
        String value = text.trim();
        if (value.equalsIgnoreCase("INBOUND")) {
            return Direction.INBOUND;
        }
        return value.equalsIgnoreCase("OUTBOUND") ? Direction.OUTBOUND : Direction.UNKNOWN;
    }

    private static void readTypedAction(JsonNode action, RemoteAddressCollector collected) {
        if (action == null) {
            return;
        }
        JsonNode connection = JsonFields.object(action, "NetworkConnectionAction");
        addRemoteIpDetails(JsonFields.object(connection, "RemoteIpDetails"),
                direction(JsonFields.text(connection, "ConnectionDirection")),
                "Action.NetworkConnectionAction.RemoteIpDetails.", collected);
        addRemoteIpDetails(JsonFields.object(JsonFields.object(action, "AwsApiCallAction"), "RemoteIpDetails"),
                Direction.INBOUND, "Action.AwsApiCallAction.RemoteIpDetails.", collected);
        int index = 0;
        for (JsonNode probe : JsonFields.elements(JsonFields.object(action, "PortProbeAction"), "PortProbeDetails")) {
            addRemoteIpDetails(JsonFields.object(probe, "RemoteIpDetails"), Direction.INBOUND,
                    "Action.PortProbeAction.PortProbeDetails[" + index + "].RemoteIpDetails.", collected);
            index++;
        }
    }

    private static void addRemoteIpDetails(JsonNode details, Direction direction, String fieldPrefix,
                                           RemoteAddressCollector collected) {
        if (details == null) {
            return;
        }
        collected.add(JsonFields.text(details, "IpAddressV4"), direction, fieldPrefix + "IpAddressV4");
        collected.add(JsonFields.text(details, "IpAddressV6"), direction, fieldPrefix + "IpAddressV6");
    }

    private static void readGuardDutyProductFields(Map<String, String> productFields,
                                                   RemoteAddressCollector collected) {
        if (productFields.isEmpty()) {
            return;
        }
        Direction connectionDirection = direction(productFields.get(GUARDDUTY_CONNECTION_DIRECTION));
        for (Map.Entry<String, String> entry : productFields.entrySet()) {
            String key = entry.getKey();
            if (!key.startsWith(GUARDDUTY_ACTION)) {
                continue;
            }
            Direction direction = flattenedAddressDirection(key, connectionDirection);
            if (direction != null) {
                collected.add(entry.getValue(), direction, "ProductFields[" + key + "]");
            }
        }
    }

    /**
     * The direction of a flattened address key ({@code aws/guardduty/service/action/…}), or null. Matched on the whole
     * key, whose hash the JSON parser's interned field names already hold, rather than on a fresh substring.
     */
    private static Direction flattenedAddressDirection(String key, Direction connectionDirection) {
        return switch (key) {
            case GUARDDUTY_ACTION + "networkConnectionAction/remoteIpDetails/ipAddressV4",
                    GUARDDUTY_ACTION + "networkConnectionAction/remoteIpDetails/ipAddressV6" -> connectionDirection;
            case GUARDDUTY_ACTION + "awsApiCallAction/remoteIpDetails/ipAddressV4",
                    GUARDDUTY_ACTION + "awsApiCallAction/remoteIpDetails/ipAddressV6" -> Direction.INBOUND;
            default -> key.startsWith(GUARDDUTY_PORT_PROBE) && FLATTENED_PORT_PROBE.matcher(key)
                    .region(GUARDDUTY_ACTION.length(), key.length()).matches() ? Direction.INBOUND : null;
        };
    }

    private static void readRetiredNetwork(JsonNode network, RemoteAddressCollector collected) {
        if (network == null) {
            return;
        }
        String direction = JsonFields.text(network, "Direction");
        if ("OUT".equalsIgnoreCase(direction)) {
            collected.add(JsonFields.text(network, "DestinationIpV4"), Direction.OUTBOUND, "Network.DestinationIpV4");
            collected.add(JsonFields.text(network, "DestinationIpV6"), Direction.OUTBOUND, "Network.DestinationIpV6");
            return;
        }
        Direction remote = "IN".equalsIgnoreCase(direction) ? Direction.INBOUND : Direction.UNKNOWN;
        collected.add(JsonFields.text(network, "SourceIpV4"), remote, "Network.SourceIpV4");
        collected.add(JsonFields.text(network, "SourceIpV6"), remote, "Network.SourceIpV6");
    }
}
