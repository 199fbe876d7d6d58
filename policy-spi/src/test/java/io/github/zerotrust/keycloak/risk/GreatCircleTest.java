package io.github.zerotrust.keycloak.risk;

import static io.github.zerotrust.keycloak.risk.SignIns.FRANKFURT;
import static io.github.zerotrust.keycloak.risk.SignIns.LONDON;
import static io.github.zerotrust.keycloak.risk.SignIns.MANCHESTER;
import static io.github.zerotrust.keycloak.risk.SignIns.NEW_YORK;
import static io.github.zerotrust.keycloak.risk.SignIns.SYDNEY;
import static io.github.zerotrust.keycloak.risk.SignIns.kmBetween;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class GreatCircleTest {

    @Test
    void measuresKnownCityDistances() {
        // Reference values from the haversine formula on the IUGG mean sphere, to the kilometre.
        assertThat(kmBetween(LONDON, MANCHESTER)).isCloseTo(262, within(2.0));
        assertThat(kmBetween(LONDON, FRANKFURT)).isCloseTo(638, within(3.0));
        assertThat(kmBetween(LONDON, NEW_YORK)).isCloseTo(5570, within(10.0));
        assertThat(kmBetween(LONDON, SYDNEY)).isCloseTo(16994, within(20.0));
    }

    @Test
    void isZeroForTheSamePointAndSymmetric() {
        assertThat(kmBetween(LONDON, LONDON)).isZero();
        assertThat(kmBetween(SYDNEY, NEW_YORK)).isEqualTo(kmBetween(NEW_YORK, SYDNEY));
    }

    @Test
    void neverExceedsHalfTheCircumferenceEvenForAntipodes() {
        double half = Math.PI * GreatCircle.EARTH_RADIUS_KM;

        assertThat(GreatCircle.distanceKm(0, 0, 0, 180)).isCloseTo(half, within(1e-6));
        assertThat(GreatCircle.distanceKm(90, 0, -90, 0)).isCloseTo(half, within(1e-6));
        Random random = new Random(3);
        for (int i = 0; i < 10_000; i++) {
            double d = GreatCircle.distanceKm(random.nextDouble() * 180 - 90, random.nextDouble() * 360 - 180,
                    random.nextDouble() * 180 - 90, random.nextDouble() * 360 - 180);
            assertThat(d).isBetween(0.0, half + 1e-6);
        }
    }
}
