package dev.hubresponder.address;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The hand-written literal parser and printer agree with the JDK on random addresses. The JDK is only given
 * literals here, which it parses without any lookup.
 */
class IpLiteralTest {
    private static final int SAMPLES = 20_000;

    @Test
    void printsIpv6ThatTheJdkReadsAsTheSameAddressAndThatParsesBack() throws UnknownHostException {
        SplittableRandom random = new SplittableRandom(20261126L);
        for (int i = 0; i < SAMPLES; i++) {
            long hi = withZeroGroups(random, random.nextLong());
            long lo = withZeroGroups(random, random.nextLong());

            String text = IpLiteral.formatV6(hi, lo);
            IpLiteral parsed = IpLiteral.parse(text);
            byte[] jdk = InetAddress.getByName(text).getAddress();

            assertThat(parsed.ok()).as(text).isTrue();
            assertThat(parsed.hi).as(text).isEqualTo(hi);
            assertThat(parsed.lo).as(text).isEqualTo(lo);
            if (jdk.length == 16) {
                ByteBuffer bytes = ByteBuffer.wrap(jdk);
                assertThat(bytes.getLong()).as(text).isEqualTo(hi);
                assertThat(bytes.getLong()).as(text).isEqualTo(lo);
            }
            assertThat(text).as("canonical text is lowercase and has at most one ::")
                    .isEqualTo(text.toLowerCase())
                    .satisfies(t -> assertThat(t.indexOf("::")).isEqualTo(t.lastIndexOf("::")));
        }
    }

    @Test
    void readsIpv4AsTheJdkDoes() throws UnknownHostException {
        SplittableRandom random = new SplittableRandom(17L);
        for (int i = 0; i < SAMPLES; i++) {
            long value = random.nextLong() & 0xffffffffL;

            String text = IpLiteral.formatV4(value);
            IpLiteral parsed = IpLiteral.parse(text);

            assertThat(parsed.ok()).as(text).isTrue();
            assertThat(parsed.v4).as(text).isEqualTo(value);
            assertThat(ByteBuffer.wrap(InetAddress.getByName(text).getAddress()).getInt() & 0xffffffffL)
                    .as(text).isEqualTo(value);
        }
    }

    @Test
    void compressesOnlyTheLongestRunOfZeroGroupsAndTheFirstOnATie() {
        assertThat(IpLiteral.formatV6(0x2001_0db8_0000_0000L, 0x0001_0000_0000_0001L)).isEqualTo("2001:db8::1:0:0:1");
        assertThat(IpLiteral.formatV6(0x2001_0db8_0000_0001L, 0x0000_0000_0000_0001L)).isEqualTo("2001:db8:0:1::1");
        assertThat(IpLiteral.formatV6(0x2001_0db8_0001_0000L, 0x0001_0001_0001_0001L)).isEqualTo("2001:db8:1:0:1:1:1:1");
        assertThat(IpLiteral.formatV6(0, 0)).isEqualTo("::");
        assertThat(IpLiteral.formatV6(0, 1)).isEqualTo("::1");
        assertThat(IpLiteral.formatV6(0x0001_0000_0000_0000L, 0)).isEqualTo("1::");
    }

    /** Sets some 16-bit groups to zero so that runs of zeros, and their compression, are exercised. */
    private static long withZeroGroups(SplittableRandom random, long value) {
        long result = value;
        for (int g = 0; g < 4; g++) {
            if (random.nextInt(3) == 0) {
                result &= ~(0xffffL << (16 * g));
            }
        }
        return result;
    }
}
