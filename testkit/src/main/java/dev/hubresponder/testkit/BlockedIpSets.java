package dev.hubresponder.testkit;

import java.util.List;
import software.amazon.awssdk.services.wafv2.Wafv2Client;
import software.amazon.awssdk.services.wafv2.model.IPAddressVersion;
import software.amazon.awssdk.services.wafv2.model.IPSetSummary;
import software.amazon.awssdk.services.wafv2.model.Scope;

/**
 * The responder's REGIONAL block sets, named as the template names them, created in an emulated account. WAFv2 holds
 * one IP version per set (aws-facts §5), so the responder blocks IPv4 hosts in one set and IPv6 hosts in another.
 */
public final class BlockedIpSets {
    private BlockedIpSets() {
    }

    /** Creates the IPv4 block set holding the given addresses. */
    public static IPSetSummary ipv4(Wafv2Client waf, String... addresses) {
        return create(waf, "hub-responder-blocked-ipv4", IPAddressVersion.IPV4, addresses);
    }

    /** Creates the IPv6 block set holding the given addresses. */
    public static IPSetSummary ipv6(Wafv2Client waf, String... addresses) {
        return create(waf, "hub-responder-blocked-ipv6", IPAddressVersion.IPV6, addresses);
    }

    private static IPSetSummary create(Wafv2Client waf, String name, IPAddressVersion version, String... addresses) {
        return waf.createIPSet(r -> r.name(name).scope(Scope.REGIONAL).ipAddressVersion(version)
                .addresses(List.of(addresses)).description("blocked by hub-responder")).summary();
    }
}
