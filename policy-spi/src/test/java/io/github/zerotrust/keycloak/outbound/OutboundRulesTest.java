package io.github.zerotrust.keycloak.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OutboundRulesTest {

    /** A fake DNS: the test says what each name resolves to. */
    static Function<String, List<InetAddress>> dns(Map<String, List<String>> answers) {
        return host -> answers.getOrDefault(host, List.of()).stream().map(OutboundRulesTest::address).toList();
    }

    static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static final Function<String, List<InetAddress>> PUBLIC = dns(Map.of(
            "mdm.example.com", List.of("93.184.216.34"),
            "hooks.chat.example", List.of("93.184.216.35", "2606:2800:220:1:248:1893:25c8:1946"),
            "rebind.example.com", List.of("93.184.216.36", "169.254.169.254"),
            "office-mdm.example.com", List.of("10.1.2.3")));

    @Nested
    class ByDefault {

        @Test
        void nothingIsAllowedUntilTheOperatorListsHosts() {
            OutboundJudgement j = OutboundRules.NONE.judge("https://mdm.example.com/api", PUBLIC);
            assertThat(j.isAllowed()).isFalse();
            assertThat(j.refusal()).contains(OutboundJudgement.HOST_NOT_ALLOWED);
        }
    }

    @Nested
    class WithListedHosts {

        final OutboundRules rules = OutboundRules.parse("mdm.example.com, *.chat.example, rebind.example.com,"
                + " office-mdm.example.com", "", false);

        @Test
        void aListedHostOverHttpsIsCalledAtTheAddressesThatWereJudged() {
            OutboundJudgement j = rules.judge("https://mdm.example.com/api/devices?x=1", PUBLIC);
            assertThat(j.isAllowed()).isTrue();
            assertThat(j.host()).isEqualTo("mdm.example.com");
            assertThat(j.addresses()).containsExactly(address("93.184.216.34"));
        }

        @Test
        void aWildcardCoversSubdomainsButNotTheDomainItself() {
            assertThat(rules.judge("https://hooks.chat.example/x", PUBLIC).isAllowed()).isTrue();
            assertThat(rules.judge("https://chat.example/x", dns(Map.of("chat.example", List.of("93.184.216.1"))))
                    .refusal()).contains(OutboundJudgement.HOST_NOT_ALLOWED);
            assertThat(rules.judge("https://evilchat.example/x", dns(Map.of("evilchat.example", List.of("93.184.216.1"))))
                    .refusal()).contains(OutboundJudgement.HOST_NOT_ALLOWED);
        }

        @Test
        void anUnlistedHostIsRefused() {
            assertThat(rules.judge("https://attacker.example/steal", dns(Map.of("attacker.example", List.of("93.184.216.9"))))
                    .refusal()).contains(OutboundJudgement.HOST_NOT_ALLOWED);
        }

        @ParameterizedTest
        @ValueSource(strings = {"http://mdm.example.com/", "ftp://mdm.example.com/", "file:///etc/passwd",
                "gopher://mdm.example.com/", "//mdm.example.com/x", "mdm.example.com"})
        void onlyHttpsIsAllowed(String url) {
            assertThat(rules.judge(url, PUBLIC).refusal()).contains(OutboundJudgement.NOT_HTTPS);
        }

        @Test
        void aHostThatAlsoResolvesToTheMetadataAddressIsRefused() {
            OutboundJudgement j = rules.judge("https://rebind.example.com/", PUBLIC);
            assertThat(j.refusal()).contains(OutboundJudgement.PRIVATE_ADDRESS);
            assertThat(j.detail()).contains("169.254");
        }

        @Test
        void aPrivateAddressIsRefusedUnlessTheOperatorOpenedItsRange() {
            assertThat(rules.judge("https://office-mdm.example.com/", PUBLIC).refusal())
                    .contains(OutboundJudgement.PRIVATE_ADDRESS);
            OutboundRules opened = OutboundRules.parse("office-mdm.example.com", "10.1.2.0/24", false);
            assertThat(opened.judge("https://office-mdm.example.com/", PUBLIC).isAllowed()).isTrue();
        }

        @Test
        void credentialsInTheUrlAreRefused() {
            assertThat(rules.judge("https://user:pw@mdm.example.com/", PUBLIC).refusal())
                    .contains(OutboundJudgement.MALFORMED);
        }

        @Test
        void anUnresolvableHostIsRefused() {
            OutboundRules r = OutboundRules.parse("gone.example.com", "", false);
            assertThat(r.judge("https://gone.example.com/", PUBLIC).refusal()).contains(OutboundJudgement.UNRESOLVABLE);
            assertThat(r.judge("https://gone.example.com/", h -> { throw new IllegalStateException("dns down"); })
                    .refusal()).contains(OutboundJudgement.UNRESOLVABLE);
        }

        @ParameterizedTest
        @ValueSource(strings = {"", " ", "https://", "https:// bad host/", "ht!tp://x", "https://[::1/"})
        void unreadableUrlsAreRefused(String url) {
            assertThat(rules.judge(url, PUBLIC).isAllowed()).isFalse();
        }

        @Test
        void aVeryLongUrlIsRefused() {
            assertThat(rules.judge("https://mdm.example.com/" + "a".repeat(5000), PUBLIC).refusal())
                    .contains(OutboundJudgement.MALFORMED);
        }
    }

    @Nested
    class SpecialAddresses {

        @ParameterizedTest
        @ValueSource(strings = {"127.0.0.1", "10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.169.254", "100.64.0.1",
                "0.0.0.0", "224.0.0.1", "255.255.255.255", "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1",
                "::ffff:127.0.0.1", "64:ff9b::a00:1", "2002:a00:1::1", "2001:0:4136:e378:8000:63bf:3fff:fdd2"})
        void areNeverCalledUnlessOpened(String literal) {
            OutboundRules r = OutboundRules.parse("target.example", "", false);
            assertThat(r.judge("https://target.example/", dns(Map.of("target.example", List.of(literal)))).refusal())
                    .as(literal).contains(OutboundJudgement.PRIVATE_ADDRESS);
        }

        @Test
        void anIpLiteralHostIsJudgedLikeAnyOther() {
            OutboundRules r = OutboundRules.parse("169.254.169.254, 93.184.216.34", "", false);
            Function<String, List<InetAddress>> literal = h -> List.of(address(h));
            assertThat(r.judge("https://169.254.169.254/latest/meta-data", literal).refusal())
                    .contains(OutboundJudgement.PRIVATE_ADDRESS);
            assertThat(r.judge("https://93.184.216.34/", literal).isAllowed()).isTrue();
        }
    }

    @Nested
    class Settings {

        @Test
        void plainHttpOnlyWhenTheOperatorAllowsIt() {
            OutboundRules r = OutboundRules.parse("localhost", "127.0.0.0/8", true);
            assertThat(r.judge("http://localhost:8080/hook", dns(Map.of("localhost", List.of("127.0.0.1"))))
                    .isAllowed()).isTrue();
        }

        @ParameterizedTest
        @ValueSource(strings = {"exa_mple.com", "https://x.example", "x.example/path", "*", "*.", "a@b.example"})
        void aMalformedHostStopsTheStart(String host) {
            assertThatThrownBy(() -> OutboundRules.parse(host, "", false)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not a host name");
        }

        @ParameterizedTest
        @ValueSource(strings = {"10.0.0.0/33", "not-a-range", "10.0.0.0/2147483648", "::/129", "10.0.0.0/-1", "10.0.0.0/0x20"})
        void aMalformedRangeStopsTheStart(String range) {
            assertThatThrownBy(() -> OutboundRules.parse("", range, false)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not an address range");
        }
    }
}
