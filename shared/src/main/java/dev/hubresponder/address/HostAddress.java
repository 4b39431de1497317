package dev.hubresponder.address;

/**
 * The canonical text of a single-host address, whatever the policy says about it: {@code a.b.c.d/32} or the
 * RFC 5952 form with {@code /128}. Used to compare a WAF set's entries, written by people or by other tools in any
 * spelling, with the hosts the responder holds, and to find the ledger records of an address to unblock. Never
 * resolves names.
 */
public final class HostAddress {
    private HostAddress() {
    }

    /**
     * @return the canonical host form, or null when the text is not one IPv4 or IPv6 host (a wider range, a name,
     *         garbage). IPv4-mapped IPv6 stays IPv6 here: it names an entry of an IPv6 set.
     */
    public static String canonical(String text) {
        if (text == null) {
            return null;
        }
        IpLiteral parsed = IpLiteral.parse(text.trim());
        if (!parsed.ok() || (parsed.prefix >= 0 && parsed.prefix != parsed.hostLength())) {
            return null;
        }
        return parsed.v6 ? IpLiteral.formatV6(parsed.hi, parsed.lo) + "/128" : IpLiteral.formatV4(parsed.v4) + "/32";
    }

    /** True for an IPv6 host or entry text (it contains a colon), false for IPv4. */
    public static boolean isIpv6(String text) {
        return text.indexOf(':') >= 0;
    }
}
