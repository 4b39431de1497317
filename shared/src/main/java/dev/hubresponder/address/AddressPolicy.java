package dev.hubresponder.address;

import dev.hubresponder.config.ConfigurationException;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides whether a remote address named by a finding may be blocked, and if so gives its normalized host form
 * ({@code 198.51.7.9/32}, {@code 2a00:1450:4001::5/128}).
 *
 * <p>Only single public hosts are blockable. Everything else is refused with a reason that names the address and
 * the range it fell in: text that is not an address literal (host names are never resolved: no DNS lookups on a
 * finding's input), ranges wider than one host, the unspecified, loopback, private (RFC 1918, ULA), link-local
 * (with the instance metadata address called by its name), carrier-grade NAT, multicast, broadcast, reserved,
 * benchmarking and documentation ranges, IPv6 transition ranges (6to4, Teredo) whose real source is elsewhere,
 * and the operator's never-block ranges ({@code RESPONDER_NEVER_BLOCK_CIDRS}). IPv4-mapped ({@code ::ffff:0:0/96})
 * and NAT64 ({@code 64:ff9b::/96}) addresses are judged as the IPv4 address they carry, and a blockable one is
 * normalized to that IPv4 host, since that is the source address a load balancer sees.
 *
 * <p>Thread-safe and immutable; {@link #evaluate} allocates only the parse result and the verdict.
 */
public final class AddressPolicy {
    /** The environment variable the never-block ranges come from, named in configuration errors and refusals. */
    public static final String NEVER_BLOCK_VARIABLE = "RESPONDER_NEVER_BLOCK_CIDRS";

    private static final int MAX_QUOTED_INPUT = 64;

    private static final V4Range[] SPECIAL_V4 = {
        v4("0.0.0.0", 32, "the unspecified address"),
        v4("255.255.255.255", 32, "the limited broadcast address"),
        v4("169.254.169.254", 32, "the instance metadata address (link-local 169.254.0.0/16)"),
        v4("0.0.0.0", 8, "in 0.0.0.0/8 ('this network', RFC 791), never a real source"),
        v4("10.0.0.0", 8, "private (RFC 1918, 10.0.0.0/8)"),
        v4("100.64.0.0", 10, "carrier-grade NAT shared space (RFC 6598, 100.64.0.0/10)"),
        v4("127.0.0.0", 8, "loopback (127.0.0.0/8)"),
        v4("169.254.0.0", 16, "link-local (169.254.0.0/16)"),
        v4("172.16.0.0", 12, "private (RFC 1918, 172.16.0.0/12)"),
        v4("192.0.0.0", 24, "reserved for IETF protocol assignments (192.0.0.0/24)"),
        v4("192.0.2.0", 24, "documentation (TEST-NET-1, 192.0.2.0/24)"),
        v4("192.88.99.0", 24, "the deprecated 6to4 relay anycast range (192.88.99.0/24)"),
        v4("192.168.0.0", 16, "private (RFC 1918, 192.168.0.0/16)"),
        v4("198.18.0.0", 15, "benchmarking (RFC 2544, 198.18.0.0/15)"),
        v4("198.51.100.0", 24, "documentation (TEST-NET-2, 198.51.100.0/24)"),
        v4("203.0.113.0", 24, "documentation (TEST-NET-3, 203.0.113.0/24)"),
        v4("224.0.0.0", 4, "multicast (224.0.0.0/4)"),
        v4("240.0.0.0", 4, "reserved for future use (240.0.0.0/4)"),
    };

    /** Checked after IPv4-mapped and NAT64 addresses have been unwrapped. */
    private static final V6Range[] SPECIAL_V6 = {
        v6("::", 128, "the unspecified address"),
        v6("::1", 128, "loopback (::1)"),
        v6("fd00:ec2::254", 128, "the instance metadata address (IPv6, fd00:ec2::254)"),
        v6("::", 96, "a deprecated IPv4-compatible address (::/96, RFC 4291)"),
        v6("64:ff9b:1::", 48, "local-use NAT64 (RFC 8215, 64:ff9b:1::/48)"),
        v6("100::", 64, "discard-only (RFC 6666, 100::/64)"),
        v6("2001::", 32, "Teredo (RFC 4380, 2001::/32): the real source is behind a relay"),
        v6("2001:2::", 48, "benchmarking (RFC 5180, 2001:2::/48)"),
        v6("2001:10::", 28, "deprecated ORCHID (RFC 4843, 2001:10::/28)"),
        v6("2001:20::", 28, "ORCHIDv2 (RFC 7343, 2001:20::/28), not routable"),
        v6("2001:db8::", 32, "documentation (RFC 3849, 2001:db8::/32)"),
        v6("2002::", 16, "6to4 (RFC 3056, 2002::/16): the real source is behind a relay"),
        v6("3fff::", 20, "documentation (RFC 9637, 3fff::/20)"),
        v6("5f00::", 16, "reserved for SRv6 SIDs (RFC 9602, 5f00::/16)"),
        v6("fc00::", 7, "private (unique local, RFC 4193, fc00::/7)"),
        v6("fe80::", 10, "link-local (fe80::/10)"),
        v6("fec0::", 10, "deprecated site-local (RFC 3879, fec0::/10)"),
        v6("ff00::", 8, "multicast (ff00::/8)"),
    };

    private static final V6Range GLOBAL_UNICAST = v6("2000::", 3, null);
    private static final V6Range IPV4_MAPPED = v6("::ffff:0:0", 96, null);
    private static final V6Range NAT64 = v6("64:ff9b::", 96, null);

    private final V4Range[] neverBlockV4;
    private final V6Range[] neverBlockV6;

    /**
     * @param neverBlockCidrs the operator's ranges never to block (IPv4 or IPv6, with or without a prefix length)
     * @throws ConfigurationException naming {@value #NEVER_BLOCK_VARIABLE} when one is not a CIDR
     */
    public AddressPolicy(List<String> neverBlockCidrs) {
        List<V4Range> v4 = new ArrayList<>();
        List<V6Range> v6 = new ArrayList<>();
        for (String raw : neverBlockCidrs) {
            String cidr = raw == null ? "" : raw.trim();
            IpLiteral parsed = IpLiteral.parse(cidr);
            if (!parsed.ok()) {
                throw new ConfigurationException(NEVER_BLOCK_VARIABLE + ": '" + quote(raw)
                        + "' is not a CIDR (write e.g. 198.51.100.0/24 or 2001:db8::/32)");
            }
            int length = parsed.prefix < 0 ? parsed.hostLength() : parsed.prefix;
            String label = "in never-block range " + cidr + " (" + NEVER_BLOCK_VARIABLE + ")";
            if (parsed.v6) {
                V6Range range = new V6Range(parsed.hi, parsed.lo, length, label);
                if (!range.isNetworkAddress()) {
                    throw hostBitsSet(cidr, IpLiteral.formatV6(range.maskedHi(), range.maskedLo()) + "/" + length);
                }
                v6.add(range);
            } else {
                V4Range range = new V4Range(parsed.v4, length, label);
                if (!range.isNetworkAddress()) {
                    throw hostBitsSet(cidr, IpLiteral.formatV4(range.masked()) + "/" + length);
                }
                v4.add(range);
            }
        }
        this.neverBlockV4 = v4.toArray(V4Range[]::new);
        this.neverBlockV6 = v6.toArray(V6Range[]::new);
    }

    /** Judges one address as the finding gave it. Never throws, never resolves a name. */
    public AddressVerdict evaluate(String text) {
        HostLiteral host = HostLiteral.read(text, "wider than one host (only /32 and /128 are blocked)");
        if (host.refusal() != null) {
            return host.refusal();
        }
        IpLiteral parsed = host.parsed();
        return parsed.v6 ? judgeV6(text, parsed.hi, parsed.lo) : judgeV4(text, parsed.v4, null);
    }

    /**
     * The host form an address would be blocked under ({@code a.b.c.d/32}, {@code …/128}, IPv4-mapped and NAT64
     * forms as their IPv4 host), without judging its range: unblock uses it, so that a block made before an
     * operator added a never-block range can still be lifted. Refused only when the text is not one host.
     */
    public AddressVerdict hostForm(String text) {
        HostLiteral host = HostLiteral.read(text, "not one host");
        if (host.refusal() != null) {
            return host.refusal();
        }
        IpLiteral parsed = host.parsed();
        if (!parsed.v6) {
            return AddressVerdict.blockable(text, IpLiteral.formatV4(parsed.v4) + "/32");
        }
        if (IPV4_MAPPED.contains(parsed.hi, parsed.lo) || NAT64.contains(parsed.hi, parsed.lo)) {
            return AddressVerdict.blockable(text, IpLiteral.formatV4(parsed.lo & 0xffffffffL) + "/32");
        }
        return AddressVerdict.blockable(text, IpLiteral.formatV6(parsed.hi, parsed.lo) + "/128");
    }

    private AddressVerdict judgeV4(String input, long address, String wrapper) {
        String refusal = firstMatch(SPECIAL_V4, address);
        if (refusal == null) {
            refusal = firstMatch(neverBlockV4, address);
        }
        String host = IpLiteral.formatV4(address);
        if (refusal == null) {
            return AddressVerdict.blockable(input, host + "/32");
        }
        String subject = wrapper == null ? host : wrapper + " (carrying " + host + ")";
        return AddressVerdict.refused(input, subject + " is " + refusal);
    }

    private AddressVerdict judgeV6(String input, long hi, long lo) {
        String host = IpLiteral.formatV6(hi, lo);
        boolean mapped = IPV4_MAPPED.contains(hi, lo);
        if (mapped || NAT64.contains(hi, lo)) {
            String neverBlock = firstMatch(neverBlockV6, hi, lo);
            if (neverBlock != null) {
                return AddressVerdict.refused(input, host + " is " + neverBlock);
            }
            long carried = lo & 0xffffffffL;
            String wrapper = mapped ? "IPv4-mapped ::ffff:" : "NAT64 64:ff9b::";
            return judgeV4(input, carried, wrapper + IpLiteral.formatV4(carried));
        }
        String refusal = firstMatch(SPECIAL_V6, hi, lo);
        if (refusal == null && !GLOBAL_UNICAST.contains(hi, lo)) {
            refusal = "outside the global unicast range 2000::/3 (reserved by the IETF)";
        }
        if (refusal == null) {
            refusal = firstMatch(neverBlockV6, hi, lo);
        }
        return refusal == null
                ? AddressVerdict.blockable(input, host + "/128")
                : AddressVerdict.refused(input, host + " is " + refusal);
    }

    private static String firstMatch(V4Range[] ranges, long address) {
        for (V4Range range : ranges) {
            if (range.contains(address)) {
                return range.label;
            }
        }
        return null;
    }

    private static String firstMatch(V6Range[] ranges, long hi, long lo) {
        for (V6Range range : ranges) {
            if (range.contains(hi, lo)) {
                return range.label;
            }
        }
        return null;
    }

    /** The text read as one host's address literal, or the refusal that says why it is not one. */
    private record HostLiteral(IpLiteral parsed, AddressVerdict refusal) {
        /** @param rangeRefusal why a range ({@code /24}) is not taken, after "{@code <text> is a /24 range, }" */
        static HostLiteral read(String text, String rangeRefusal) {
            if (text == null || text.isBlank()) {
                return refused(text, "no address given (empty)");
            }
            String trimmed = text.trim();
            IpLiteral parsed = IpLiteral.parse(trimmed);
            if (!parsed.ok()) {
                return refused(text, unparseable(trimmed, parsed.error));
            }
            if (parsed.prefix >= 0 && parsed.prefix != parsed.hostLength()) {
                return refused(text, trimmed + " is a /" + parsed.prefix + " range, " + rangeRefusal);
            }
            return new HostLiteral(parsed, null);
        }

        private static HostLiteral refused(String text, String reason) {
            return new HostLiteral(null, AddressVerdict.refused(text, reason));
        }
    }

    private static String unparseable(String text, IpLiteral.Error error) {
        String quoted = "'" + quote(text) + "'";
        return switch (error) {
            case LEADING_ZERO -> quoted + " has a part with a leading zero, which some parsers read as octal";
            case ZONE_INDEX -> quoted + " carries a zone index (%…), which only local scoped addresses have";
            case BAD_PREFIX -> quoted + " has a prefix length that is not a number in range for its address family";
            default -> quoted + " is not an IPv4 or IPv6 address literal"
                    + (looksLikeName(text) ? " (host names are never resolved)" : "");
        };
    }

    private static boolean looksLikeName(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c >= 'g' && c <= 'z') || (c >= 'G' && c <= 'Z')) {
                return true;
            }
        }
        return false;
    }

    /** Producer input in a message: bounded, one line, no control characters. */
    private static String quote(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_QUOTED_INPUT + 1));
        for (int i = 0; i < text.length() && out.length() < MAX_QUOTED_INPUT; i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) ? '?' : c);
        }
        if (text.length() > MAX_QUOTED_INPUT) {
            out.append('…');
        }
        return out.toString();
    }

    private static ConfigurationException hostBitsSet(String cidr, String network) {
        return new ConfigurationException(NEVER_BLOCK_VARIABLE + ": '" + cidr
                + "' has bits set after its prefix length; did you mean " + network + "?");
    }

    private static V4Range v4(String network, int length, String label) {
        return new V4Range(IpLiteral.parseV4(network, 0, network.length()), length, label);
    }

    private static V6Range v6(String network, int length, String label) {
        IpLiteral parsed = IpLiteral.parse(network);
        return new V6Range(parsed.hi, parsed.lo, length, label);
    }

    private record V4Range(long network, int length, String label) {
        boolean contains(long address) {
            return IpLiteral.v4Within(address, network, length);
        }

        long masked() {
            return length == 0 ? 0 : network & ((0xffffffffL << (32 - length)) & 0xffffffffL);
        }

        boolean isNetworkAddress() {
            return masked() == network;
        }
    }

    private record V6Range(long hi, long lo, int length, String label) {
        boolean contains(long addressHi, long addressLo) {
            return IpLiteral.v6Within(addressHi, addressLo, hi, lo, length);
        }

        long maskedHi() {
            return length >= 64 ? hi : length == 0 ? 0 : hi & (-1L << (64 - length));
        }

        long maskedLo() {
            return length <= 64 ? 0 : length == 128 ? lo : lo & (-1L << (128 - length));
        }

        boolean isNetworkAddress() {
            return maskedHi() == hi && maskedLo() == lo;
        }
    }
}
