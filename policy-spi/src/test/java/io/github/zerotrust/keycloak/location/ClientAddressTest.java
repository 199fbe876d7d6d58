package io.github.zerotrust.keycloak.location;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.Inet6Address;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ClientAddressTest {

    @Nested
    class Accepts {

        @ParameterizedTest(name = "[{0}] -> {1}")
        @CsvSource(delimiter = '|', ignoreLeadingAndTrailingWhitespace = false, value = {
            "192.0.2.1|192.0.2.1|true",
            "  192.0.2.1\t|192.0.2.1|true",
            "0.0.0.0|0.0.0.0|true",
            "255.255.255.255|255.255.255.255|true",
            "2001:db8::1|2001:db8::1|false",
            "2001:DB8:0:0:0:0:0:1|2001:db8::1|false",
            "2001:0db8:0000:0000:0000:0000:0000:0001|2001:db8::1|false",
            "[2001:db8::1]|2001:db8::1|false",
            " [2001:db8::1] |2001:db8::1|false",
            "::1|::1|false",
            "::|::|false",
            "::ffff:192.0.2.1|192.0.2.1|true",
            "::ffff:c000:201|192.0.2.1|true",
            "[::ffff:192.0.2.1]|192.0.2.1|true",
        })
        void parsesToCanonicalText(String raw, String canonical, boolean ipv4) {
            ClientAddress address = ClientAddress.parse(raw).orElseThrow();

            assertThat(address.canonical()).isEqualTo(canonical);
            assertThat(address.toString()).isEqualTo(canonical);
            assertThat(address.isIpv4()).isEqualTo(ipv4);
        }

        @Test
        void normalisesIpv4MappedIpv6ToTheSameValueAsIpv4() {
            assertThat(ClientAddress.parse("::ffff:192.0.2.1"))
                    .isEqualTo(ClientAddress.parse("192.0.2.1"));
        }

        @Test
        void treatsDifferentSpellingsOfOneIpv6AddressAsEqual() {
            ClientAddress shortForm = ClientAddress.parse("2001:db8::1").orElseThrow();
            ClientAddress longForm = ClientAddress.parse("2001:0DB8:0:0:0:0:0:1").orElseThrow();

            assertThat(longForm).isEqualTo(shortForm).hasSameHashCodeAs(shortForm);
        }

        @Test
        void countsAnIpv6ClientByItsSlash64SoAFreshAddressPerAttemptIsTheSameClient() {
            assertThat(ClientAddress.parse("2001:db8:1:2::1").orElseThrow().subscriberNetwork()).isEqualTo("2001:db8:1:2::/64");
            assertThat(ClientAddress.parse("2001:db8:1:2:ffff:1234:5678:9abc").orElseThrow().subscriberNetwork())
                    .isEqualTo("2001:db8:1:2::/64");
            assertThat(ClientAddress.parse("2001:db8:1:3::1").orElseThrow().subscriberNetwork()).isEqualTo("2001:db8:1:3::/64");
            assertThat(ClientAddress.parse("::1").orElseThrow().subscriberNetwork()).isEqualTo("0:0:0:0::/64");
        }

        @Test
        void countsAnIpv4ClientByItsAddressAlsoWhenItArrivesIpv4Mapped() {
            assertThat(ClientAddress.parse("192.0.2.7").orElseThrow().subscriberNetwork()).isEqualTo("192.0.2.7");
            assertThat(ClientAddress.parse("::ffff:192.0.2.7").orElseThrow().subscriberNetwork()).isEqualTo("192.0.2.7");
            assertThat(ClientAddress.parse("192.0.2.8").orElseThrow().subscriberNetwork()).isEqualTo("192.0.2.8");
        }

        @Test
        void exposesIpv4AsUnsigned32BitValue() {
            assertThat(ClientAddress.parse("255.255.255.254").orElseThrow().ipv4Bits()).isEqualTo(0xFFFF_FFFEL);
        }

        @Test
        void exposesIpv6AsTwoUnsigned64BitHalves() {
            ClientAddress address = ClientAddress.parse("ffff:0:0:1:8000::2").orElseThrow();

            assertThat(address.ipv6High()).isEqualTo(0xFFFF_0000_0000_0001L);
            assertThat(address.ipv6Low()).isEqualTo(0x8000_0000_0000_0002L);
        }
    }

    @Nested
    class Rejects {

        @ParameterizedTest(name = "[{0}]")
        @NullAndEmptySource
        @ValueSource(strings = {
            "   ",
            "localhost",
            "example.com",
            "192.0.2.1:8080",
            "[2001:db8::1]:443",
            "192.0.2.0/24",
            "2001:db8::/32",
            "fe80::1%eth0",
            "fe80::1%25eth0",
            "256.0.0.1",
            "192.0.2.300",
            "1.2.3",
            "1.2.3.4.5",
            "010.0.0.1",
            "0x7f.0.0.1",
            "3221225985",
            "192.0.2.*",
            "192.0.2.1-9",
            "*",
            "192.0.2.1x",
            "x192.0.2.1",
            "192.0.2.1 junk",
            "[192.0.2.1]",
            "[2001:db8::1",
            "2001:db8:::1",
            "1:2:3:4:5:6:7:8:9",
            "2001:db8::g",
        })
        void anythingButOneAddressLiteral(String raw) {
            assertThat(ClientAddress.parse(raw)).isEmpty();
        }

        @Test
        void textLongerThan100Characters() {
            String padded = " ".repeat(95) + "192.0.2.1";

            assertThat(padded).hasSizeGreaterThan(100);
            assertThat(ClientAddress.parse(padded)).isEmpty();
        }
    }

    @Nested
    class ToInetAddress {

        @Test
        void buildsInet4AddressFromBytes() {
            assertThat(ClientAddress.parse("192.0.2.1").orElseThrow().toInetAddress())
                    .isInstanceOf(Inet4Address.class)
                    .extracting(inet -> inet.getAddress())
                    .isEqualTo(new byte[] {(byte) 192, 0, 2, 1});
        }

        @Test
        void buildsInet6AddressFromBytes() {
            var inet = ClientAddress.parse("2001:db8::1").orElseThrow().toInetAddress();

            assertThat(inet).isInstanceOf(Inet6Address.class);
            assertThat(inet.getHostAddress()).isEqualTo("2001:db8:0:0:0:0:0:1");
        }
    }
}
