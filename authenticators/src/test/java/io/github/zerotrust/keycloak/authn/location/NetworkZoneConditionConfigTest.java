package io.github.zerotrust.keycloak.authn.location;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.zerotrust.keycloak.location.ClientAddress;
import io.github.zerotrust.keycloak.location.GeoLocation;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class NetworkZoneConditionConfigTest {

    static SignInLocation at(String address, String... realmZones) {
        return new SignInLocation(ClientAddress.parse(address), GeoLocation.unknown(), Set.of(realmZones));
    }

    @Test
    void defaultsMatchInsideAndTreatAnUnreadableAddressAsAMatch() {
        NetworkZoneConditionConfig config = NetworkZoneConditionConfig.parse(Map.of("zones", "office"));

        assertThat(config.membership()).isEqualTo(Membership.IN);
        assertThat(config.matchUnreadable()).isTrue();
        assertThat(config.problem()).isEmpty();
    }

    @Test
    void holdsASignInFromANamedZone() {
        NetworkZoneConditionConfig config = NetworkZoneConditionConfig.parse(Map.of("zones", "office##vpn"));

        assertThat(config.holds(at("192.0.2.1", "vpn"), Set.of())).isTrue();
        assertThat(config.holds(at("192.0.2.1", "guest-wifi"), Set.of())).isFalse();
    }

    @Test
    void trustedStandsForEveryTrustedZone() {
        NetworkZoneConditionConfig config = NetworkZoneConditionConfig.parse(Map.of("zones", "@trusted"));

        assertThat(config.holds(at("192.0.2.1", "vpn"), Set.of("vpn", "office"))).isTrue();
        assertThat(config.holds(at("192.0.2.1", "guest-wifi"), Set.of("vpn", "office"))).isFalse();
    }

    @Test
    void holdsASignInFromTheInlineRangesIpv4AndIpv6() {
        NetworkZoneConditionConfig config = NetworkZoneConditionConfig.parse(
                Map.of("ranges", "198.51.100.0/24##2001:db8:1::/48"));

        assertThat(config.holds(at("198.51.100.77"), Set.of())).isTrue();
        assertThat(config.holds(at("2001:db8:1::9"), Set.of())).isTrue();
        assertThat(config.holds(at("::ffff:198.51.100.77"), Set.of())).isTrue();
        assertThat(config.holds(at("198.51.101.1"), Set.of())).isFalse();
        assertThat(config.describeZones()).isEqualTo("[2 inline range(s)]");
    }

    @Test
    void anUnreadableAddressIsInNoZone() {
        NetworkZoneConditionConfig config = NetworkZoneConditionConfig.parse(Map.of("ranges", "0.0.0.0/8"));

        assertThat(config.holds(new SignInLocation(Optional.empty(), GeoLocation.unknown(), Set.of()), Set.of())).isFalse();
    }

    @Test
    void badInlineRangesMakeTheRuleMisconfigured() {
        assertThat(NetworkZoneConditionConfig.parse(Map.of("ranges", "192.0.2.0/33")).problem()).isPresent();
        assertThat(NetworkZoneConditionConfig.parse(Map.of()).problem()).contains("no zones and no ranges are configured");
    }

    @Test
    void moreThan2000InlineRangesAreRefused() {
        String ranges = IntStream.range(0, 2001).mapToObj(i -> "10." + (i / 256) + "." + (i % 256) + ".0/24")
                .collect(Collectors.joining("##"));

        assertThat(NetworkZoneConditionConfig.parse(Map.of("ranges", ranges)).problem())
                .hasValueSatisfying(p -> assertThat(p).contains("2000"));
    }

    @Test
    void notInReversesTheMatch() {
        NetworkZoneConditionConfig config = NetworkZoneConditionConfig.parse(Map.of("zones", "office", "match", "not-in"));

        assertThat(config.membership().matches(config.holds(at("192.0.2.1", "office"), Set.of()))).isFalse();
        assertThat(config.membership().matches(config.holds(at("192.0.2.1"), Set.of()))).isTrue();
    }
}
