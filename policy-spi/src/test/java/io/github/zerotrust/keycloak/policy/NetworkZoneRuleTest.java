package io.github.zerotrust.keycloak.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.zerotrust.keycloak.location.ClientAddress;
import io.github.zerotrust.keycloak.location.GeoLocation;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class NetworkZoneRuleTest {

    static Origin at(String address, String... realmZones) {
        return new Origin(ClientAddress.parse(address), GeoLocation.unknown(), Set.of(realmZones), Set.of());
    }

    static Origin trusted(String address, String zone) {
        return new Origin(ClientAddress.parse(address), GeoLocation.unknown(), Set.of(zone), Set.of(zone));
    }

    static Verdict judge(Origin origin, Map<String, String> config) {
        return NetworkZoneRule.judge(SignIn.from(origin, java.time.Instant.EPOCH), NetworkZoneRule.Settings.parse(config));
    }

    @Test
    void defaultsMatchInsideAndTreatAnUnreadableAddressAsAMatch() {
        NetworkZoneRule.Settings config = NetworkZoneRule.Settings.parse(Map.of("zones", "office"));

        assertThat(config.membership()).isEqualTo(Membership.IN);
        assertThat(config.matchUnreadable()).isTrue();
        assertThat(config.problem()).isEmpty();
    }

    @Test
    void holdsASignInFromANamedZone() {
        NetworkZoneRule.Settings config = NetworkZoneRule.Settings.parse(Map.of("zones", "office##vpn"));

        assertThat(config.holds(at("192.0.2.1", "vpn"))).isTrue();
        assertThat(config.holds(at("192.0.2.1", "guest-wifi"))).isFalse();
    }

    @Test
    void trustedStandsForEveryTrustedZone() {
        NetworkZoneRule.Settings config = NetworkZoneRule.Settings.parse(Map.of("zones", "@trusted"));

        assertThat(config.holds(trusted("192.0.2.1", "vpn"))).isTrue();
        assertThat(config.holds(at("192.0.2.1", "guest-wifi"))).isFalse();
    }

    @Test
    void holdsASignInFromTheInlineRangesIpv4AndIpv6() {
        NetworkZoneRule.Settings config = NetworkZoneRule.Settings.parse(
                Map.of("ranges", "198.51.100.0/24##2001:db8:1::/48"));

        assertThat(config.holds(at("198.51.100.77"))).isTrue();
        assertThat(config.holds(at("2001:db8:1::9"))).isTrue();
        assertThat(config.holds(at("::ffff:198.51.100.77"))).isTrue();
        assertThat(config.holds(at("198.51.101.1"))).isFalse();
        assertThat(config.describeZones()).isEqualTo("[2 inline range(s)]");
    }

    @Test
    void anUnreadableAddressIsInNoZone() {
        NetworkZoneRule.Settings config = NetworkZoneRule.Settings.parse(Map.of("ranges", "0.0.0.0/8"));

        assertThat(config.holds(Origin.unreadable())).isFalse();
    }

    @Test
    void badInlineRangesMakeTheRuleMisconfigured() {
        assertThat(NetworkZoneRule.Settings.parse(Map.of("ranges", "192.0.2.0/33")).problem()).isPresent();
        assertThat(NetworkZoneRule.Settings.parse(Map.of()).problem()).contains("no zones and no ranges are configured");
    }

    @Test
    void moreThan2000InlineRangesAreRefused() {
        String ranges = IntStream.range(0, 2001).mapToObj(i -> "10." + (i / 256) + "." + (i % 256) + ".0/24")
                .collect(Collectors.joining("##"));

        assertThat(NetworkZoneRule.Settings.parse(Map.of("ranges", ranges)).problem())
                .hasValueSatisfying(p -> assertThat(p).contains("2000"));
    }

    @Test
    void notInReversesTheMatch() {
        NetworkZoneRule.Settings config = NetworkZoneRule.Settings.parse(Map.of("zones", "office", "match", "not-in"));

        assertThat(config.membership().matches(config.holds(at("192.0.2.1", "office")))).isFalse();
        assertThat(config.membership().matches(config.holds(at("192.0.2.1")))).isTrue();
    }

    @Test
    void explainsTheVerdictInTheWordsTheEventsUse() {
        Verdict outside = judge(at("192.0.2.1"), Map.of("zones", "office", "match", "not-in"));
        assertThat(outside.applies()).isTrue();
        assertThat(outside.reason()).isEqualTo(Reason.NOT_IN_ZONES);
        assertThat(outside.detail()).isEqualTo("address is not in [office]");
        assertThat(judge(at("192.0.2.1", "hosting"), Map.of("zones", "hosting")).detail()).isEqualTo("address is in [hosting]");
    }

    @Test
    void anUnreadableAddressMatchesUnlessTheAdminChoseOtherwise() {
        assertThat(judge(Origin.unreadable(), Map.of("zones", "office")).applies()).isTrue();
        assertThat(judge(Origin.unreadable(), Map.of("zones", "office", "unreadable_address", "no-match")).applies()).isFalse();
        assertThat(judge(Origin.unreadable(), Map.of("zones", "office")).reason()).isEqualTo(Reason.ADDRESS_UNREADABLE);
    }

    @Test
    void unusableSettingsFailClosedAsATypedMisconfiguration() {
        Verdict verdict = judge(at("192.0.2.1"), Map.of());
        assertThat(verdict.applies()).isTrue();
        assertThat(verdict.misconfigured()).isTrue();
        assertThat(verdict.reason()).isEqualTo(Reason.SETTINGS_UNUSABLE);
    }
}
