package dev.hubresponder.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubresponder.config.ConfigurationException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which remote addresses may be blocked, and the reasons for the ones that may not. No AWS needed. */
class AddressPolicyTest {
    private final AddressPolicy policy = new AddressPolicy(List.of());

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            199.241.229.197              | 199.241.229.197/32
            '  199.241.229.197 '         | 199.241.229.197/32
            8.8.8.8/32                   | 8.8.8.8/32
            1.0.0.1                      | 1.0.0.1/32
            100.63.255.255               | 100.63.255.255/32
            100.128.0.0                  | 100.128.0.0/32
            172.15.255.255               | 172.15.255.255/32
            172.32.0.0                   | 172.32.0.0/32
            192.167.255.255              | 192.167.255.255/32
            198.17.255.255               | 198.17.255.255/32
            198.20.0.0                   | 198.20.0.0/32
            223.255.255.255              | 223.255.255.255/32
            169.253.255.255              | 169.253.255.255/32
            2a00:1450:4001:0815:0000:0000:0000:2004 | 2a00:1450:4001:815::2004/128
            2A00:1450:4001:815::2004     | 2a00:1450:4001:815::2004/128
            2a00:1450:4001:815::2004/128 | 2a00:1450:4001:815::2004/128
            2606:4700:0:0:1:0:0:1        | 2606:4700::1:0:0:1/128
            2606:4700:0:1:0:0:0:1        | 2606:4700:0:1::1/128
            2606:4700:1:2:3:4:5:6        | 2606:4700:1:2:3:4:5:6/128
            2606:4700:1:2:3:4:5::        | 2606:4700:1:2:3:4:5:0/128
            2606:4700::0:1               | 2606:4700::1/128
            2001:4860:4860::8888         | 2001:4860:4860::8888/128
            2001:db7:ffff:ffff::1        | 2001:db7:ffff:ffff::1/128
            2001:4:112::1                | 2001:4:112::1/128
            ::ffff:199.241.229.197       | 199.241.229.197/32
            ::FFFF:c7f1:e5c5             | 199.241.229.197/32
            64:ff9b::199.241.229.197     | 199.241.229.197/32
            2606:4700::1.2.3.4           | 2606:4700::102:304/128
            """)
    void normalizesABlockableHost(String input, String host) {
        AddressVerdict verdict = policy.evaluate(input);

        assertThat(verdict.refusal()).isNull();
        assertThat(verdict.isBlockable()).isTrue();
        assertThat(verdict.host()).isEqualTo(host);
        assertThat(verdict.input()).isEqualTo(input);
    }

    @ParameterizedTest(name = "{0} refused: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            not-an-ip                    | 'not-an-ip' is not an IPv4 or IPv6 address literal (host names are never resolved)
            evil.example.com             | host names are never resolved
            localhost                    | host names are never resolved
            1.2.3                        | '1.2.3' is not an IPv4 or IPv6 address literal
            1.2.3.4.5                    | not an IPv4 or IPv6 address literal
            1.2.3.256                    | not an IPv4 or IPv6 address literal
            1.2.3.-4                     | not an IPv4 or IPv6 address literal
            1..2.3                       | not an IPv4 or IPv6 address literal
            1.2.3.4.                     | not an IPv4 or IPv6 address literal
            .1.2.3                       | not an IPv4 or IPv6 address literal
            0x7f.0.0.1                   | not an IPv4 or IPv6 address literal
            2130706433                   | not an IPv4 or IPv6 address literal
            1.2.3.4 5                    | not an IPv4 or IPv6 address literal
            1.2.3.٤                      | not an IPv4 or IPv6 address literal
            010.8.8.8                    | leading zero, which some parsers read as octal
            8.8.8.08                     | leading zero
            ::ffff:8.8.08.8              | leading zero
            1.2.3.4/                     | prefix length that is not a number
            1.2.3.4/33                   | prefix length that is not a number
            1.2.3.4/3x                   | prefix length that is not a number
            1.2.3.4/-1                   | prefix length that is not a number
            2a00::1/129                  | prefix length that is not a number
            fe80::1%eth0                 | zone index
            [2a00:1450::1]               | not an IPv4 or IPv6 address literal
            2a00:1450::1::2              | not an IPv4 or IPv6 address literal
            2a00:1450:1:2:3:4:5:6:7      | not an IPv4 or IPv6 address literal
            2a00:1450:1:2:3:4:5          | not an IPv4 or IPv6 address literal
            2a00:1450:1:2:3:4:5:6::      | not an IPv4 or IPv6 address literal
            2a00:14500::1                | not an IPv4 or IPv6 address literal
            2a00:145g::1                 | not an IPv4 or IPv6 address literal
            :2a00::1                     | not an IPv4 or IPv6 address literal
            2a00::1:                     | not an IPv4 or IPv6 address literal
            :::                          | not an IPv4 or IPv6 address literal
            2a00:1:2:3:4:5:6:1.2.3.4     | not an IPv4 or IPv6 address literal
            1.2.3.4::                    | not an IPv4 or IPv6 address literal
            8.8.8.0/24                   | 8.8.8.0/24 is a /24 range, wider than one host (only /32 and /128 are blocked)
            0.0.0.0/0                    | 0.0.0.0/0 is a /0 range, wider than one host
            8.8.8.8/31                   | /31 range, wider than one host
            ::/0                         | ::/0 is a /0 range, wider than one host
            2a00:1450::/64               | /64 range, wider than one host
            2a00:1450::1/127             | /127 range, wider than one host
            2a00:1450::1/32              | /32 range, wider than one host
            0.0.0.0                      | 0.0.0.0 is the unspecified address
            0.0.0.0/32                   | 0.0.0.0 is the unspecified address
            0.1.2.3                      | 0.1.2.3 is in 0.0.0.0/8 ('this network', RFC 791)
            255.255.255.255              | 255.255.255.255 is the limited broadcast address
            127.0.0.1                    | 127.0.0.1 is loopback (127.0.0.0/8)
            127.255.255.254              | loopback (127.0.0.0/8)
            10.0.0.1                     | 10.0.0.1 is private (RFC 1918, 10.0.0.0/8)
            10.255.255.255               | private (RFC 1918, 10.0.0.0/8)
            172.16.0.1                   | 172.16.0.1 is private (RFC 1918, 172.16.0.0/12)
            172.31.43.6                  | private (RFC 1918, 172.16.0.0/12)
            192.168.1.1                  | 192.168.1.1 is private (RFC 1918, 192.168.0.0/16)
            100.64.0.1                   | 100.64.0.1 is carrier-grade NAT shared space (RFC 6598, 100.64.0.0/10)
            100.127.255.255              | carrier-grade NAT
            169.254.169.254              | 169.254.169.254 is the instance metadata address
            169.254.169.254/32           | the instance metadata address
            169.254.0.1                  | 169.254.0.1 is link-local (169.254.0.0/16)
            169.254.169.253              | link-local (169.254.0.0/16)
            192.0.0.8                    | reserved for IETF protocol assignments (192.0.0.0/24)
            192.0.2.1                    | 192.0.2.1 is documentation (TEST-NET-1, 192.0.2.0/24)
            198.51.100.7                 | documentation (TEST-NET-2, 198.51.100.0/24)
            203.0.113.7                  | documentation (TEST-NET-3, 203.0.113.0/24)
            192.88.99.1                  | deprecated 6to4 relay anycast
            198.18.0.1                   | benchmarking (RFC 2544, 198.18.0.0/15)
            198.19.255.255               | benchmarking
            224.0.0.1                    | 224.0.0.1 is multicast (224.0.0.0/4)
            239.255.255.250              | multicast (224.0.0.0/4)
            240.0.0.1                    | 240.0.0.1 is reserved for future use (240.0.0.0/4)
            255.255.255.254              | reserved for future use
            ::                           | :: is the unspecified address
            ::/128                       | :: is the unspecified address
            ::1                          | ::1 is loopback (::1)
            0:0:0:0:0:0:0:1              | ::1 is loopback
            ::1/128                      | ::1 is loopback
            ::8.8.8.8                    | ::808:808 is a deprecated IPv4-compatible address
            ::ffff:10.0.0.1              | IPv4-mapped ::ffff:10.0.0.1 (carrying 10.0.0.1) is private (RFC 1918, 10.0.0.0/8)
            ::ffff:a00:1                 | IPv4-mapped ::ffff:10.0.0.1 (carrying 10.0.0.1) is private
            ::ffff:127.0.0.1             | (carrying 127.0.0.1) is loopback
            ::ffff:169.254.169.254       | (carrying 169.254.169.254) is the instance metadata address
            ::ffff:0.0.0.0               | (carrying 0.0.0.0) is the unspecified address
            ::ffff:255.255.255.255       | is the limited broadcast address
            ::ffff:203.0.113.9           | documentation (TEST-NET-3
            ::ffff:100.64.1.1            | carrier-grade NAT
            ::ffff:8.8.8.8/96            | /96 range, wider than one host
            64:ff9b::10.1.1.1            | NAT64 64:ff9b::10.1.1.1 (carrying 10.1.1.1) is private
            64:ff9b::c000:201            | (carrying 192.0.2.1) is documentation
            64:ff9b:1::8.8.8.8           | local-use NAT64 (RFC 8215, 64:ff9b:1::/48)
            100::1                       | 100::1 is discard-only (RFC 6666, 100::/64)
            2001::1                      | 2001::1 is Teredo (RFC 4380, 2001::/32)
            2001:0:4136:e378:8000:63bf:3fff:fdd2 | Teredo
            2001:2::1                    | benchmarking (RFC 5180, 2001:2::/48)
            2001:10::1                   | deprecated ORCHID
            2001:20::1                   | ORCHIDv2
            2001:db8::1                  | 2001:db8::1 is documentation (RFC 3849, 2001:db8::/32)
            2001:DB8:ffff::1             | documentation (RFC 3849
            2002:c000:201::1             | 6to4 (RFC 3056, 2002::/16)
            3fff::1                      | documentation (RFC 9637, 3fff::/20)
            5f00::1                      | reserved for SRv6 SIDs
            fc00::1                      | fc00::1 is private (unique local, RFC 4193, fc00::/7)
            fd12:3456:789a::1            | private (unique local
            fd00:ec2::254                | fd00:ec2::254 is the instance metadata address (IPv6, fd00:ec2::254)
            fd00:ec2::253                | private (unique local
            fe80::1                      | fe80::1 is link-local (fe80::/10)
            febf:ffff::1                 | link-local (fe80::/10)
            fec0::1                      | deprecated site-local
            ff02::1                      | ff02::1 is multicast (ff00::/8)
            ff05::1:3                    | multicast
            4000::1                      | 4000::1 is outside the global unicast range 2000::/3
            1::1                         | outside the global unicast range
            e000::1                      | outside the global unicast range
            """)
    void refusesWithAReasonNamingTheRange(String input, String reason) {
        AddressVerdict verdict = policy.evaluate(input);

        assertThat(verdict.isBlockable()).isFalse();
        assertThat(verdict.host()).isNull();
        assertThat(verdict.refusal()).contains(reason);
        assertThat(verdict.input()).isEqualTo(input);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "\t\n"})
    void refusesAMissingAddress(String input) {
        AddressVerdict verdict = policy.evaluate(input);

        assertThat(verdict.isBlockable()).isFalse();
        assertThat(verdict.refusal()).isEqualTo("no address given (empty)");
    }

    @Test
    void quotesHostileInputBoundedAndOnOneLine() {
        String hostile = "evil\nINJECTED log line " + "x".repeat(500);

        String refusal = policy.evaluate(hostile).refusal();

        assertThat(refusal).doesNotContain("\n").hasSizeLessThan(150).contains("evil?INJECTED").contains("…");
    }

    @ParameterizedTest(name = "{0} never blocked under {1}")
    @CsvSource(delimiter = '|', textBlock = """
            8.8.8.8                  | 8.8.8.0/24        | 8.8.8.8 is in never-block range 8.8.8.0/24 (RESPONDER_NEVER_BLOCK_CIDRS)
            8.8.8.8/32               | 8.8.8.8           | in never-block range 8.8.8.8 (RESPONDER_NEVER_BLOCK_CIDRS)
            ::ffff:8.8.8.8           | 8.8.0.0/16        | IPv4-mapped ::ffff:8.8.8.8 (carrying 8.8.8.8) is in never-block range 8.8.0.0/16
            64:ff9b::8.8.8.8         | 8.0.0.0/8         | (carrying 8.8.8.8) is in never-block range 8.0.0.0/8
            ::ffff:8.8.8.8           | ::ffff:0:0/96     | is in never-block range ::ffff:0:0/96
            2a00:1450:4001::5        | 2a00:1450::/32    | 2a00:1450:4001::5 is in never-block range 2a00:1450::/32
            2A00:1450:4001:0:0:0:0:5 | 2a00:1450:4001::5 | in never-block range 2a00:1450:4001::5
            1.2.3.4                  | 0.0.0.0/0         | in never-block range 0.0.0.0/0
            2606:4700::1             | ::/0              | in never-block range ::/0
            """)
    void refusesAddressesInTheOperatorsNeverBlockRanges(String input, String cidr, String reason) {
        AddressPolicy withNeverBlock = new AddressPolicy(List.of("192.0.2.0/24", cidr));

        AddressVerdict verdict = withNeverBlock.evaluate(input);

        assertThat(verdict.isBlockable()).isFalse();
        assertThat(verdict.refusal()).contains(reason);
    }

    @Test
    void blocksAddressesJustOutsideTheNeverBlockRanges() {
        AddressPolicy withNeverBlock = new AddressPolicy(List.of(" 8.8.8.0/24 ", "2a00:1450::/32"));

        assertThat(withNeverBlock.evaluate("8.8.9.8").host()).isEqualTo("8.8.9.8/32");
        assertThat(withNeverBlock.evaluate("8.8.7.255").host()).isEqualTo("8.8.7.255/32");
        assertThat(withNeverBlock.evaluate("2a00:1451::1").host()).isEqualTo("2a00:1451::1/128");
    }

    @Test
    void reportsTheBuiltInReasonBeforeTheOperatorsRange() {
        AddressPolicy withNeverBlock = new AddressPolicy(List.of("10.0.0.0/8"));

        assertThat(withNeverBlock.evaluate("10.1.1.1").refusal()).contains("private (RFC 1918");
    }

    @ParameterizedTest(name = "''{0}'' is not a never-block CIDR")
    @CsvSource(delimiter = '|', textBlock = """
            example.com       | 'example.com' is not a CIDR
            10.0.0.0/33       | '10.0.0.0/33' is not a CIDR
            ''                | '' is not a CIDR
            10.1.2.3/8        | '10.1.2.3/8' has bits set after its prefix length; did you mean 10.0.0.0/8?
            2a00:1450::1/32   | '2a00:1450::1/32' has bits set after its prefix length; did you mean 2a00:1450::/32?
            fd00::/7          | 'fd00::/7' has bits set after its prefix length; did you mean fc00::/7?
            """)
    void rejectsAnUnparseableNeverBlockRangeNamingTheVariable(String cidr, String message) {
        assertThatThrownBy(() -> new AddressPolicy(List.of("8.8.8.0/24", cidr)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("RESPONDER_NEVER_BLOCK_CIDRS: ")
                .hasMessageContaining(message);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "45.155.205.233, 45.155.205.233/32",
        "10.0.3.7/32, 10.0.3.7/32",
        "::ffff:45.155.205.233, 45.155.205.233/32",
        "2A0B:4140:D4A0:0:0:0:0:2, 2a0b:4140:d4a0::2/128"
    })
    void hostFormNormalizesAnySingleHostWithoutJudgingItsRange(String input, String host) {
        AddressVerdict verdict = new AddressPolicy(List.of("45.155.205.0/24")).hostForm(input);

        assertThat(verdict.host()).isEqualTo(host);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/8", "example.com", "1.2.3"})
    void hostFormRefusesWhatIsNotOneHost(String input) {
        assertThat(new AddressPolicy(List.of()).hostForm(input).refusal()).isNotBlank();
    }
}
