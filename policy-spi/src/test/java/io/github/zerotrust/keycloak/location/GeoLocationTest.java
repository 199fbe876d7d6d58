package io.github.zerotrust.keycloak.location;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import org.junit.jupiter.api.Test;

class GeoLocationTest {

    @Test
    void unknownHasUnknownCountryAndNothingElse() {
        GeoLocation unknown = GeoLocation.unknown();

        assertThat(unknown.country()).isEqualTo(Country.UNKNOWN);
        assertThat(unknown.hasCoordinates()).isFalse();
        assertThat(unknown.asn()).isNull();
        assertThat(unknown.accuracyRadiusKm()).isNull();
    }

    @Test
    void hasCoordinatesOnlyWithBothLatitudeAndLongitude() {
        assertThat(new GeoLocation(Country.of("GB"), 51.5, -0.12, null, null, null).hasCoordinates()).isTrue();
        assertThat(new GeoLocation(Country.of("GB"), 51.5, null, null, null, null).hasCoordinates()).isFalse();
    }

    @Test
    void refusesNullCountryBecauseUnknownIsAValue() {
        assertThatNullPointerException().isThrownBy(() -> new GeoLocation(null, null, null, null, null, null));
    }

    @Test
    void noneLocatorKnowsNothing() {
        assertThat(GeoLocator.none().locate(ClientAddress.parse("192.0.2.1").orElseThrow()))
                .isEqualTo(GeoLocation.unknown());
    }
}
