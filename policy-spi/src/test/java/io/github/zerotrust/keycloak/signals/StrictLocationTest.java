package io.github.zerotrust.keycloak.signals;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StrictLocationTest {

    private static final StrictLocation IN_THE_OFFICE = new StrictLocation(Set.of("office", "vpn"), Optional.of("192.0.2.10"));
    private static final StrictLocation IN_NO_ZONE = new StrictLocation(Set.of(), Optional.of("203.0.113.5"));

    @Test
    void aRefreshFromAnyZoneOfTheSignInIsLetThrough() {
        assertThat(IN_THE_OFFICE.refusal(Set.of("vpn"), Optional.of("198.51.100.1"))).isEmpty();
        assertThat(IN_THE_OFFICE.refusal(Set.of("office", "hosting"), Optional.of("192.0.2.11"))).isEmpty();
    }

    @Test
    void aRefreshOutsideTheZonesOfTheSignInIsRefusedWithTheZones() {
        assertThat(IN_THE_OFFICE.refusal(Set.of(), Optional.of("203.0.113.5")))
                .contains("the refresh is outside the zones of the sign-in [office, vpn]");
        assertThat(IN_THE_OFFICE.refusal(Set.of("hosting"), Optional.of("198.18.0.20"))).isPresent();
    }

    @Test
    void aSignInInNoZoneBindsItsRefreshesToItsOwnAddress() {
        assertThat(IN_NO_ZONE.refusal(Set.of(), Optional.of("203.0.113.5"))).isEmpty();
        assertThat(IN_NO_ZONE.refusal(Set.of(), Optional.of("203.0.113.6")))
                .contains("the sign-in was in no zone and the refresh comes from another address");
    }

    @Test
    void anAddressThatCannotBeReadIsNeverTheSamePlace() {
        assertThat(IN_NO_ZONE.refusal(Set.of(), Optional.empty())).isPresent();
        assertThat(new StrictLocation(Set.of(), Optional.empty()).refusal(Set.of(), Optional.empty())).isPresent();
        assertThat(IN_THE_OFFICE.refusal(Set.of(), Optional.empty())).isPresent();
    }
}
