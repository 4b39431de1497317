package dev.hubresponder.address;

/**
 * Parses and prints IP address literals without ever resolving a name: the JDK's {@code InetAddress.getByName}
 * falls back to DNS for anything that is not a literal, and Java 17 has no {@code ofLiteral}. Only the strict
 * textual forms are accepted: dotted-quad IPv4 with exactly four decimal parts and no leading zeros (which some
 * parsers read as octal), and RFC 4291 IPv6 text with at most one {@code ::} and an optional trailing dotted
 * quad, optionally followed by {@code /<prefix length>}.
 *
 * <p>An IPv4 address is held as the low 32 bits of a {@code long}; an IPv6 address as two {@code long}s (high and
 * low 64 bits). Parsing allocates one small result object and nothing on the happy path besides it.
 */
final class IpLiteral {
    /** Why a text is not a literal, or {@link #NONE}. */
    enum Error { NONE, EMPTY, NOT_AN_ADDRESS, LEADING_ZERO, ZONE_INDEX, BAD_PREFIX }

    final Error error;
    final boolean v6;
    /** IPv4 value (low 32 bits) when not {@link #v6}. */
    final long v4;
    final long hi;
    final long lo;
    /** The prefix length after {@code /}, or -1 when there was none. */
    final int prefix;

    private IpLiteral(Error error, boolean v6, long v4, long hi, long lo, int prefix) {
        this.error = error;
        this.v6 = v6;
        this.v4 = v4;
        this.hi = hi;
        this.lo = lo;
        this.prefix = prefix;
    }

    private static IpLiteral failed(Error error) {
        return new IpLiteral(error, false, 0, 0, 0, -1);
    }

    boolean ok() {
        return error == Error.NONE;
    }

    /** The longest prefix length of this address family: 32 or 128. */
    int hostLength() {
        return v6 ? 128 : 32;
    }

    /** Parses {@code text} (already trimmed) as an address with an optional prefix length. */
    static IpLiteral parse(String text) {
        int end = text.length();
        if (end == 0) {
            return failed(Error.EMPTY);
        }
        int prefix = -1;
        int slash = text.indexOf('/');
        if (slash >= 0) {
            prefix = parsePrefix(text, slash + 1, end);
            if (prefix < 0) {
                return failed(Error.BAD_PREFIX);
            }
            end = slash;
        }
        if (text.indexOf('%') >= 0) {
            return failed(Error.ZONE_INDEX);
        }
        if (text.indexOf(':') >= 0) {
            return parseV6(text, end, prefix);
        }
        long v4 = parseV4(text, 0, end);
        if (v4 == LEADING_ZERO) {
            return failed(Error.LEADING_ZERO);
        }
        if (v4 < 0) {
            return failed(Error.NOT_AN_ADDRESS);
        }
        if (prefix > 32) {
            return failed(Error.BAD_PREFIX);
        }
        return new IpLiteral(Error.NONE, false, v4, 0, 0, prefix);
    }

    private static final long INVALID = -1;
    private static final long LEADING_ZERO = -2;

    /** Four decimal parts 0–255 separated by dots, in {@code [from, to)}; {@link #INVALID} otherwise. */
    static long parseV4(String s, int from, int to) {
        long result = 0;
        int parts = 0;
        int i = from;
        while (true) {
            int start = i;
            int value = 0;
            while (i < to && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                value = value * 10 + (s.charAt(i) - '0');
                i++;
                if (i - start > 3) {
                    return INVALID;
                }
            }
            int length = i - start;
            if (length == 0 || value > 255) {
                return INVALID;
            }
            if (length > 1 && s.charAt(start) == '0') {
                return LEADING_ZERO;
            }
            result = (result << 8) | value;
            parts++;
            if (i == to) {
                break;
            }
            if (s.charAt(i) != '.' || parts == 4) {
                return INVALID;
            }
            i++;
        }
        return parts == 4 ? result : INVALID;
    }

    private static int parsePrefix(String s, int from, int to) {
        if (from == to || to - from > 3) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value <= 128 ? value : -1;
    }

    private static IpLiteral parseV6(String s, int to, int prefix) {
        int[] groups = new int[8];
        int count = 0;
        int gapAt = -1;
        int i = 0;
        if (s.startsWith("::")) {
            gapAt = 0;
            i = 2;
        } else if (s.charAt(0) == ':') {
            return failed(Error.NOT_AN_ADDRESS);
        }
        while (i < to) {
            int start = i;
            int value = 0;
            int digit;
            while (i < to && (digit = hexValue(s.charAt(i))) >= 0) {
                value = (value << 4) | digit;
                i++;
                if (i - start > 4) {
                    return failed(Error.NOT_AN_ADDRESS);
                }
            }
            if (i < to && s.charAt(i) == '.') {
                long v4 = count <= 6 ? parseV4(s, start, to) : INVALID;
                if (v4 < 0) {
                    return failed(v4 == LEADING_ZERO ? Error.LEADING_ZERO : Error.NOT_AN_ADDRESS);
                }
                groups[count++] = (int) (v4 >>> 16);
                groups[count++] = (int) (v4 & 0xffff);
                i = to;
                break;
            }
            if (i == start || count == 8) {
                return failed(Error.NOT_AN_ADDRESS);
            }
            groups[count++] = value;
            if (i == to) {
                break;
            }
            if (s.charAt(i) != ':') {
                return failed(Error.NOT_AN_ADDRESS);
            }
            i++;
            if (i < to && s.charAt(i) == ':') {
                if (gapAt >= 0) {
                    return failed(Error.NOT_AN_ADDRESS);
                }
                gapAt = count;
                i++;
            } else if (i == to) {
                return failed(Error.NOT_AN_ADDRESS);
            }
        }
        if (gapAt < 0 ? count != 8 : count > 7) {
            return failed(Error.NOT_AN_ADDRESS);
        }
        if (gapAt >= 0) {
            int tail = count - gapAt;
            System.arraycopy(groups, gapAt, groups, 8 - tail, tail);
            java.util.Arrays.fill(groups, gapAt, 8 - tail, 0);
        }
        long hi = 0;
        long lo = 0;
        for (int g = 0; g < 4; g++) {
            hi = (hi << 16) | groups[g];
            lo = (lo << 16) | groups[g + 4];
        }
        return new IpLiteral(Error.NONE, true, 0, hi, lo, prefix);
    }

    /** ASCII hex digits only: {@code Character.digit} would also accept other scripts' digits. */
    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** Dotted-quad text of an IPv4 value. */
    static String formatV4(long v4) {
        return new StringBuilder(15)
                .append((v4 >>> 24) & 0xff).append('.')
                .append((v4 >>> 16) & 0xff).append('.')
                .append((v4 >>> 8) & 0xff).append('.')
                .append(v4 & 0xff).toString();
    }

    /**
     * RFC 5952 canonical text: lowercase hex, no leading zeros, the longest run of two or more zero groups
     * (the first on a tie) written as {@code ::}.
     */
    static String formatV6(long hi, long lo) {
        int bestStart = -1;
        int bestLength = 1;
        int runStart = -1;
        for (int g = 0; g < 8; g++) {
            if (group(hi, lo, g) == 0) {
                if (runStart < 0) {
                    runStart = g;
                }
                if (g - runStart + 1 > bestLength) {
                    bestStart = runStart;
                    bestLength = g - runStart + 1;
                }
            } else {
                runStart = -1;
            }
        }
        StringBuilder out = new StringBuilder(39);
        for (int g = 0; g < 8; g++) {
            if (g == bestStart) {
                out.append("::");
                g += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(group(hi, lo, g)));
        }
        return out.toString();
    }

    private static int group(long hi, long lo, int g) {
        long half = g < 4 ? hi : lo;
        return (int) (half >>> (48 - 16 * (g & 3))) & 0xffff;
    }

    /** True when the first {@code length} bits of the IPv4 values are equal. */
    static boolean v4Within(long address, long network, int length) {
        if (length == 0) {
            return true;
        }
        long mask = (0xffffffffL << (32 - length)) & 0xffffffffL;
        return (address & mask) == (network & mask);
    }

    /** True when the first {@code length} bits of the IPv6 values are equal. */
    static boolean v6Within(long hi, long lo, long netHi, long netLo, int length) {
        if (length <= 64) {
            return length == 0 || (hi ^ netHi) >>> (64 - length) == 0;
        }
        return hi == netHi && (lo ^ netLo) >>> (128 - length) == 0;
    }
}
