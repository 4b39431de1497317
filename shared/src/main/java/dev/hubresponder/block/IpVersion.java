package dev.hubresponder.block;

import dev.hubresponder.address.HostAddress;

/** WAF keeps one IP version per IP set, so the responder keeps an IPv4 and an IPv6 set. */
public enum IpVersion {
    V4, V6;

    /** The set a host ({@code a.b.c.d/32} or {@code …/128}) belongs in. */
    public static IpVersion of(String host) {
        return HostAddress.isIpv6(host) ? V6 : V4;
    }
}
