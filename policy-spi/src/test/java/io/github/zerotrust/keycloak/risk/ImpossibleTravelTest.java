package io.github.zerotrust.keycloak.risk;

import static io.github.zerotrust.keycloak.risk.SignIns.FRANKFURT;
import static io.github.zerotrust.keycloak.risk.SignIns.LONDON;
import static io.github.zerotrust.keycloak.risk.SignIns.MANCHESTER;
import static io.github.zerotrust.keycloak.risk.SignIns.NEW_YORK;
import static io.github.zerotrust.keycloak.risk.SignIns.NOW;
import static io.github.zerotrust.keycloak.risk.SignIns.SYDNEY;
import static io.github.zerotrust.keycloak.risk.SignIns.kmBetween;
import static io.github.zerotrust.keycloak.risk.SignIns.past;
import static io.github.zerotrust.keycloak.risk.SignIns.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ImpossibleTravelTest {

    private final ImpossibleTravel travel = new ImpossibleTravel(ImpossibleTravel.Settings.DEFAULTS);

    private static ImpossibleTravel with(int maxSpeed, int minDistance, boolean sameAsnExempt, String... zones) {
        return new ImpossibleTravel(new ImpossibleTravel.Settings(maxSpeed, minDistance, sameAsnExempt, Set.of(zones)));
    }

    @Nested
    class Distances {

        @Test
        void londonToSydneyWithinAnHourIsImpossible() {
            var facts = signIn().from(SYDNEY).after(past(LONDON, Duration.ofMinutes(59))).facts();

            assertThat(travel.evaluate(facts)).hasValueSatisfying(reason -> {
                assertThat(reason.signal()).isEqualTo("impossible-travel");
                assertThat(reason.detail()).matches("16 9\\d\\d km in 59 min \\(17 \\d{3} km/h\\) since the sign-in from GB");
            });
        }

        @Test
        void londonToManchesterWithinAnHourIsPossible() {
            var facts = signIn().from(MANCHESTER).after(past(LONDON, Duration.ofMinutes(59))).facts();

            assertThat(travel.evaluate(facts)).isEmpty();
        }

        @Test
        void londonToNewYorkOvernightIsPossible() {
            var facts = signIn().from(NEW_YORK).after(past(LONDON, Duration.ofHours(8))).facts();

            assertThat(travel.evaluate(facts)).isEmpty();
        }

        @Test
        void speedJustAboveTheLimitIsImpossibleAndJustBelowIsNot() {
            double boundaryMillis = kmBetween(LONDON, FRANKFURT) / 800 * 3_600_000;
            var tooFast = Duration.ofMillis((long) Math.floor(boundaryMillis) - 1_000);
            var fastEnough = Duration.ofMillis((long) Math.ceil(boundaryMillis) + 1_000);

            assertThat(travel.evaluate(signIn().from(FRANKFURT).after(past(LONDON, tooFast)).facts())).isPresent();
            assertThat(travel.evaluate(signIn().from(FRANKFURT).after(past(LONDON, fastEnough)).facts())).isEmpty();
        }

        @Test
        void speedLimitIsConfigurable() {
            // London to Frankfurt in an hour is about 640 km/h.
            var facts = signIn().from(FRANKFURT).after(past(LONDON, Duration.ofHours(1))).facts();

            assertThat(with(805, 100, false).evaluate(facts)).isEmpty();
            assertThat(with(600, 100, false).evaluate(facts)).isPresent();
        }

        @Test
        void accuracyRadiiCanMakeAnImpossibleTripPossible() {
            // In 30 minutes at 800 km/h one covers 400 km; London-Frankfurt is about 638 km.
            int neededRadii = (int) Math.ceil(kmBetween(LONDON, FRANKFURT) - 400);
            var before = signIn().at(NOW.minus(Duration.ofMinutes(30))).from(LONDON);

            var justPossible = signIn().from(FRANKFURT).radius(neededRadii - 100)
                    .after(before.radius(100).past()).facts();
            var stillImpossible = signIn().from(FRANKFURT).radius(neededRadii - 101)
                    .after(before.radius(100).past()).facts();

            assertThat(travel.evaluate(justPossible)).isEmpty();
            assertThat(travel.evaluate(stillImpossible)).isPresent();
        }

        @Test
        void ignoresDistancesBelowTheMinimumAfterRadii() {
            double km = kmBetween(LONDON, MANCHESTER);
            var before = past(LONDON, Duration.ofMinutes(1));

            var judged = signIn().from(MANCHESTER).radius((int) Math.floor(km - 100)).after(before).facts();
            var ignored = signIn().from(MANCHESTER).radius((int) Math.floor(km - 100) + 1).after(before).facts();

            assertThat(travel.evaluate(judged)).isPresent();
            assertThat(travel.evaluate(ignored)).isEmpty();
            assertThat(with(800, 300, false).evaluate(signIn().from(MANCHESTER).after(before).facts())).isEmpty();
        }

        @Test
        void radiiLargerThanTheDistanceNeverGoBelowZero() {
            var facts = signIn().from(MANCHESTER).radius(1_000).after(past(LONDON, Duration.ZERO)).facts();

            assertThat(with(800, 0, false).evaluate(facts)).isEmpty();
        }
    }

    @Nested
    class Time {

        @Test
        void sameInstantInTwoFarPlacesIsImpossible() {
            var facts = signIn().from(FRANKFURT).after(past(LONDON, Duration.ZERO)).facts();

            assertThat(travel.evaluate(facts)).hasValueSatisfying(reason ->
                    assertThat(reason.detail()).matches("6\\d\\d km at the same time as the sign-in from GB"));
        }

        @Test
        void pastSignInStampedLaterByClockSkewCountsAsSimultaneous() {
            var facts = signIn().from(FRANKFURT).after(past(LONDON, NOW.plusSeconds(2))).facts();

            assertThat(travel.evaluate(facts)).isPresent();
        }

        @Test
        void comparesWithTheMostRecentSignInThatHasCoordinates() {
            var facts = signIn().from(SYDNEY)
                    .after(signIn().at(NOW.minus(Duration.ofMinutes(10))).country("AU").past(),
                            past(SYDNEY, Duration.ofHours(2)),
                            past(LONDON, Duration.ofHours(3)))
                    .facts();

            assertThat(travel.evaluate(facts)).isEmpty();
        }

        @Test
        void needsCoordinatesNowAndBefore() {
            assertThat(travel.evaluate(signIn().country("AU").after(past(LONDON, Duration.ofMinutes(5))).facts()))
                    .isEmpty();
            assertThat(travel.evaluate(signIn().from(SYDNEY).facts())).isEmpty();
            assertThat(travel.evaluate(signIn().from(SYDNEY)
                    .after(signIn().at(NOW.minusSeconds(60)).country("GB").past()).facts())).isEmpty();
        }

        @Test
        void namesAnUnknownCountryWithoutInventingOne() {
            var unknownCountry = new PastSignIn(NOW.minusSeconds(600), null, null, LONDON.latitude(),
                    LONDON.longitude(), null, null, null, null);

            assertThat(travel.evaluate(signIn().from(SYDNEY).after(unknownCountry).facts()))
                    .hasValueSatisfying(reason -> assertThat(reason.detail()).endsWith("from an unknown country"));
        }
    }

    @Nested
    class Exceptions {

        private final PastSignIn londonOnAs1 = signIn().at(NOW.minusSeconds(600)).from(LONDON).asn(64500).past();

        @Test
        void sameAsnIsExemptOnlyWhenConfigured() {
            var facts = signIn().from(NEW_YORK).asn(64500).after(londonOnAs1).facts();

            assertThat(with(800, 100, true).evaluate(facts)).isEmpty();
            assertThat(with(800, 100, false).evaluate(facts)).isPresent();
        }

        @Test
        void differentAsnIsNotExempt() {
            var facts = signIn().from(NEW_YORK).asn(64501).after(londonOnAs1).facts();

            assertThat(with(800, 100, true).evaluate(facts)).isPresent();
        }

        @Test
        void unknownAsnsAreNeverTheSame() {
            var facts = signIn().from(NEW_YORK).after(past(LONDON, Duration.ofMinutes(10))).facts();

            assertThat(with(800, 100, true).evaluate(facts)).isPresent();
        }

        @Test
        void signInFromAnExceptionZoneIsExempt() {
            var facts = signIn().from(NEW_YORK).zones("VPN-Egress").after(londonOnAs1).facts();

            assertThat(with(800, 100, false, "vpn-egress").evaluate(facts)).isEmpty();
            assertThat(with(800, 100, false, "office").evaluate(facts)).isPresent();
        }

        @Test
        void previousSignInFromAnExceptionZoneIsExempt() {
            var viaVpn = signIn().at(NOW.minusSeconds(600)).from(LONDON).zones("vpn-egress").past();

            assertThat(with(800, 100, false, "vpn-egress").evaluate(signIn().from(NEW_YORK).after(viaVpn).facts()))
                    .isEmpty();
        }
    }
}
