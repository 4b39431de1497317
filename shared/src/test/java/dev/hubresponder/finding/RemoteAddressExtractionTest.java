package dev.hubresponder.finding;

import static dev.hubresponder.finding.FindingJson.MAPPER;
import static dev.hubresponder.finding.FindingJson.asff;
import static dev.hubresponder.finding.FindingJson.at;
import static dev.hubresponder.finding.FindingJson.imported;
import static dev.hubresponder.finding.FindingJson.onlyFinding;
import static dev.hubresponder.finding.FindingJson.productField;
import static dev.hubresponder.finding.FindingJson.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Remote addresses of ASFF findings from every place producers put them (typed {@code Action}, GuardDuty's flattened
 * {@code ProductFields}, the retired {@code Network}), with direction and source field; and the resource role.
 */
class RemoteAddressExtractionTest {
    private static final String GD = "aws/guardduty/service/action/";
    private final FindingIntake intake = new FindingIntake(MAPPER);

    static Stream<Arguments> addressSources() {
        return Stream.of(
                source("typed network connection, outbound", f -> {
                    put(f, "Action.NetworkConnectionAction.ConnectionDirection", "OUTBOUND");
                    put(f, "Action.NetworkConnectionAction.RemoteIpDetails.IpAddressV4", "45.155.205.233");
                }, address("45.155.205.233", Direction.OUTBOUND,
                        "Action.NetworkConnectionAction.RemoteIpDetails.IpAddressV4")),
                source("typed network connection, inbound IPv4 and IPv6", f -> {
                    put(f, "Action.NetworkConnectionAction.ConnectionDirection", "INBOUND");
                    put(f, "Action.NetworkConnectionAction.RemoteIpDetails.IpAddressV4", "185.220.101.45");
                    put(f, "Action.NetworkConnectionAction.RemoteIpDetails.IpAddressV6", "2a0b:4140:d4a0::2");
                }, address("185.220.101.45", Direction.INBOUND,
                        "Action.NetworkConnectionAction.RemoteIpDetails.IpAddressV4"),
                        address("2a0b:4140:d4a0::2", Direction.INBOUND,
                                "Action.NetworkConnectionAction.RemoteIpDetails.IpAddressV6")),
                source("typed network connection without direction", f -> put(f,
                        "Action.NetworkConnectionAction.RemoteIpDetails.IpAddressV4", "45.155.205.233"),
                        address("45.155.205.233", Direction.UNKNOWN,
                                "Action.NetworkConnectionAction.RemoteIpDetails.IpAddressV4")),
                source("typed network connection, lower-case direction", f -> {
                    put(f, "Action.NetworkConnectionAction.ConnectionDirection", "outbound");
                    put(f, "Action.NetworkConnectionAction.RemoteIpDetails.IpAddressV4", "45.155.205.233");
                }, address("45.155.205.233", Direction.OUTBOUND,
                        "Action.NetworkConnectionAction.RemoteIpDetails.IpAddressV4")),
                source("typed API call: the caller is inbound", f -> put(f,
                        "Action.AwsApiCallAction.RemoteIpDetails.IpAddressV4", "89.248.165.52"),
                        address("89.248.165.52", Direction.INBOUND, "Action.AwsApiCallAction.RemoteIpDetails.IpAddressV4")),
                source("typed port probes, every source", f -> {
                    var probes = at(f, "Action.PortProbeAction").putArray("PortProbeDetails");
                    probes.addObject().putObject("RemoteIpDetails").put("IpAddressV4", "185.220.101.45");
                    probes.addObject().putObject("RemoteIpDetails").put("IpAddressV4", "10.0.3.7");
                    probes.addObject().putObject("LocalPortDetails").put("Port", 22);
                    probes.addObject().putObject("RemoteIpDetails").put("IpAddressV6", "2a0b:4140:d4a0::2");
                }, address("185.220.101.45", Direction.INBOUND,
                        "Action.PortProbeAction.PortProbeDetails[0].RemoteIpDetails.IpAddressV4"),
                        address("10.0.3.7", Direction.INBOUND,
                                "Action.PortProbeAction.PortProbeDetails[1].RemoteIpDetails.IpAddressV4"),
                        address("2a0b:4140:d4a0::2", Direction.INBOUND,
                                "Action.PortProbeAction.PortProbeDetails[3].RemoteIpDetails.IpAddressV6")),
                source("flattened network connection, outbound", f -> {
                    productField(f, GD + "networkConnectionAction/connectionDirection", "OUTBOUND");
                    productField(f, GD + "networkConnectionAction/remoteIpDetails/ipAddressV4", "45.155.205.233");
                }, address("45.155.205.233", Direction.OUTBOUND,
                        "ProductFields[" + GD + "networkConnectionAction/remoteIpDetails/ipAddressV4]")),
                source("flattened network connection, inbound IPv6", f -> {
                    productField(f, GD + "networkConnectionAction/connectionDirection", "INBOUND");
                    productField(f, GD + "networkConnectionAction/remoteIpDetails/ipAddressV6", "2a0b:4140:d4a0::2");
                }, address("2a0b:4140:d4a0::2", Direction.INBOUND,
                        "ProductFields[" + GD + "networkConnectionAction/remoteIpDetails/ipAddressV6]")),
                source("flattened API call", f -> productField(f,
                        GD + "awsApiCallAction/remoteIpDetails/ipAddressV4", "89.248.165.52"),
                        address("89.248.165.52", Direction.INBOUND,
                                "ProductFields[" + GD + "awsApiCallAction/remoteIpDetails/ipAddressV4]")),
                source("flattened port probes with array indices", f -> {
                    productField(f, GD + "portProbeAction/portProbeDetails.0_/remoteIpDetails/ipAddressV4",
                            "185.220.101.45");
                    productField(f, GD + "portProbeAction/portProbeDetails.0_/localPortDetails/port", "22");
                    productField(f, GD + "portProbeAction/portProbeDetails.1_/localIpDetails/ipAddressV4",
                            "10.0.2.31");
                    productField(f, GD + "portProbeAction/portProbeDetails.1_/remoteIpDetails/ipAddressV4",
                            "10.0.3.7");
                    productField(f, GD + "portProbeAction/portProbeDetails.12_/remoteIpDetails/ipAddressV6",
                            "2a0b:4140:d4a0::2");
                }, address("185.220.101.45", Direction.INBOUND,
                        "ProductFields[" + GD + "portProbeAction/portProbeDetails.0_/remoteIpDetails/ipAddressV4]"),
                        address("10.0.3.7", Direction.INBOUND,
                                "ProductFields[" + GD + "portProbeAction/portProbeDetails.1_/remoteIpDetails/ipAddressV4]"),
                        address("2a0b:4140:d4a0::2", Direction.INBOUND,
                                "ProductFields[" + GD + "portProbeAction/portProbeDetails.12_/remoteIpDetails/ipAddressV6]")),
                source("flattened keys that are not remote addresses", f -> {
                    productField(f, GD + "networkConnectionAction/localIpDetails/ipAddressV4", "10.0.1.25");
                    productField(f, GD + "portProbeAction/portProbeDetails.0_/localIpDetails/ipAddressV4", "10.0.2.31");
                    productField(f, GD + "portProbeAction/portProbeDetails.x_/remoteIpDetails/ipAddressV4", "1.2.3.4");
                    productField(f, "aws/guardduty/service/additionalInfo/recentCredentials.0_/ipAddressV4",
                            "198.51.100.1");
                    productField(f, "other/vendor/remoteIpDetails/ipAddressV4", "45.155.205.233");
                }),
                source("retired Network, inbound: the source", f -> {
                    put(f, "Network.Direction", "IN");
                    put(f, "Network.SourceIpV4", "185.220.101.45");
                    put(f, "Network.SourceIpV6", "2a0b:4140:d4a0::2");
                    put(f, "Network.DestinationIpV4", "10.0.2.14");
                }, address("185.220.101.45", Direction.INBOUND, "Network.SourceIpV4"),
                        address("2a0b:4140:d4a0::2", Direction.INBOUND, "Network.SourceIpV6")),
                source("retired Network, outbound: the destination", f -> {
                    put(f, "Network.Direction", "OUT");
                    put(f, "Network.SourceIpV4", "10.0.1.25");
                    put(f, "Network.DestinationIpV4", "45.155.205.233");
                    put(f, "Network.DestinationIpV6", "2a0b:4140:d4a0::2");
                }, address("45.155.205.233", Direction.OUTBOUND, "Network.DestinationIpV4"),
                        address("2a0b:4140:d4a0::2", Direction.OUTBOUND, "Network.DestinationIpV6")),
                source("retired Network without direction: the source, direction unknown", f -> {
                    put(f, "Network.SourceIpV4", "185.220.101.45");
                    put(f, "Network.DestinationIpV4", "10.0.2.14");
                }, address("185.220.101.45", Direction.UNKNOWN, "Network.SourceIpV4")),
                source("typed and flattened copies of one address: kept once, from the typed field", f -> {
                    put(f, "Action.NetworkConnectionAction.ConnectionDirection", "OUTBOUND");
                    put(f, "Action.NetworkConnectionAction.RemoteIpDetails.IpAddressV4", "45.155.205.233");
                    productField(f, GD + "networkConnectionAction/connectionDirection", "OUTBOUND");
                    productField(f, GD + "networkConnectionAction/remoteIpDetails/ipAddressV4", "45.155.205.233");
                    put(f, "Network.Direction", "OUT");
                    put(f, "Network.DestinationIpV4", "45.155.205.233");
                }, address("45.155.205.233", Direction.OUTBOUND,
                        "Action.NetworkConnectionAction.RemoteIpDetails.IpAddressV4")),
                source("one address in two directions: kept twice", f -> {
                    put(f, "Action.NetworkConnectionAction.ConnectionDirection", "OUTBOUND");
                    put(f, "Action.NetworkConnectionAction.RemoteIpDetails.IpAddressV4", "45.155.205.233");
                    put(f, "Action.AwsApiCallAction.RemoteIpDetails.IpAddressV4", "45.155.205.233");
                }, address("45.155.205.233", Direction.OUTBOUND,
                        "Action.NetworkConnectionAction.RemoteIpDetails.IpAddressV4"),
                        address("45.155.205.233", Direction.INBOUND,
                                "Action.AwsApiCallAction.RemoteIpDetails.IpAddressV4")),
                source("unparseable text is passed on for validation to refuse", f -> put(f,
                        "Action.AwsApiCallAction.RemoteIpDetails.IpAddressV4", "not-an-ip"),
                        address("not-an-ip", Direction.INBOUND, "Action.AwsApiCallAction.RemoteIpDetails.IpAddressV4")),
                source("blank and non-text values are skipped", f -> {
                    put(f, "Action.AwsApiCallAction.RemoteIpDetails.IpAddressV4", " ");
                    at(f, "Action.NetworkConnectionAction.RemoteIpDetails").putObject("IpAddressV4");
                    put(f, "Network.SourceIpV4", "");
                }));
    }

    private static Arguments source(String name, Consumer<ObjectNode> shape, RemoteAddress... expected) {
        return arguments(name, shape, List.of(expected));
    }

    private static RemoteAddress address(String text, Direction direction, String field) {
        return new RemoteAddress(text, direction, field);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("addressSources")
    void findsRemoteAddressesWithDirectionAndField(String name, Consumer<ObjectNode> shape,
                                                   List<RemoteAddress> expected) {
        ObjectNode finding = asff();
        shape.accept(finding);

        assertThat(readOne(finding).remoteAddresses()).containsExactlyElementsOf(expected);
    }

    @Test
    void findsEverySourceOfAPortProbeFromSeveralHosts() {
        Finding finding = onlyFinding("guardduty-ec2-port-probe-multi-source-low.json");

        assertThat(finding.remoteAddresses()).extracting(RemoteAddress::text, RemoteAddress::direction)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("185.220.101.45", Direction.INBOUND),
                        org.assertj.core.groups.Tuple.tuple("10.0.3.7", Direction.INBOUND),
                        org.assertj.core.groups.Tuple.tuple("89.248.165.52", Direction.INBOUND));
        assertThat(finding.resourceRole()).isEqualTo(ResourceRole.TARGET);
    }

    @Test
    void findsTheIpv6AttackerOfAGuardDutyFinding() {
        Finding finding = onlyFinding("guardduty-ec2-rdp-bruteforce-ipv6-target-low.json");

        assertThat(finding.remoteAddresses()).containsExactly(address("2a0b:4140:d4a0::2", Direction.INBOUND,
                "Action.NetworkConnectionAction.RemoteIpDetails.IpAddressV6"));
    }

    @Test
    void findsFlattenedAddressesWhenTheTypedActionIsAbsent() {
        ObjectNode finding = (ObjectNode) FindingJson.parse(
                "{\"Id\":\"f\",\"ProductArn\":\"" + FindingJson.GUARDDUTY + "\",\"AwsAccountId\":\"123456789012\","
                        + "\"Severity\":{\"Label\":\"MEDIUM\"},\"ProductFields\":{"
                        + "\"aws/guardduty/service/action/actionType\":\"NETWORK_CONNECTION\","
                        + "\"aws/guardduty/service/action/networkConnectionAction/connectionDirection\":\"INBOUND\","
                        + "\"aws/guardduty/service/action/networkConnectionAction/remoteIpDetails/ipAddressV4\":"
                        + "\"199.241.229.197\",\"aws/guardduty/service/resourceRole\":\"TARGET\"}}");

        Finding read = readOne(finding);

        assertThat(read.remoteAddresses()).containsExactly(address("199.241.229.197", Direction.INBOUND,
                "ProductFields[aws/guardduty/service/action/networkConnectionAction/remoteIpDetails/ipAddressV4]"));
        assertThat(read.resourceRole()).isEqualTo(ResourceRole.TARGET);
    }

    @ParameterizedTest(name = "resourceRole \"{0}\" → {1}")
    @CsvSource(nullValues = "-", value = {"ACTOR, ACTOR", "TARGET, TARGET", "actor, ACTOR", "' Target ', TARGET",
        "VICTIM, UNKNOWN", "'', UNKNOWN", "-, UNKNOWN"})
    void readsTheResourceRoleFromGuardDutysProductField(String role, ResourceRole expected) {
        ObjectNode finding = asff();
        if (role != null) {
            productField(finding, "aws/guardduty/service/resourceRole", role);
        }

        assertThat(readOne(finding).resourceRole()).isEqualTo(expected);
    }

    private Finding readOne(ObjectNode finding) {
        SecurityHubEvent event = intake.read(imported(finding));
        assertThat(event.rejected()).isEmpty();
        return event.findings().get(0);
    }
}
