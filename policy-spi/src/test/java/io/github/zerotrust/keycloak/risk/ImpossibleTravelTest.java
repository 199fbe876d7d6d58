package io.github.zerotrust.keycloak.risk;

import static io.github.zerotrust.keycloak.risk.SignIns.EDINBURGH;
import static io.github.zerotrust.keycloak.risk.SignIns.FRANKFURT;
import static io.github.zerotrust.keycloak.risk.SignIns.LONDON;
import static io.github.zerotrust.keycloak.risk.SignIns.LOS_ANGELES;
import static io.github.zerotrust.keycloak.risk.SignIns.MANCHESTER;
import static io.github.zerotrust.keycloak.risk.SignIns.NEW_YORK;
import static io.github.zerotrust.keycloak.risk.SignIns.NOW;
import static io.github.zerotrust.keycloak.risk.SignIns.PARIS;
import static io.github.zerotrust.keycloak.risk.SignIns.SYDNEY;
import static io.github.zerotrust.keycloak.risk.SignIns.kmBetween;
import static io.github.zerotrust.keycloak.risk.SignIns.past;
import static io.github.zerotrust.keycloak.risk.SignIns.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.zerotrust.keycloak.location.Country;
import io.github.zerotrust.keycloak.location.GeoLocation;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ImpossibleTravelTest {

    private final ImpossibleTravel travel = new ImpossibleTravel(ImpossibleTravel.Settings.DEFAULTS);
    // Coordinates taken as exact and no same-country allowance, so distances below are the map's.
    private final ImpossibleTravel exact = with(800, 100, false);

    private static ImpossibleTravel with(int maxSpeed, int minDistance, boolean sameAsnExempt, String... zones) {
        return new ImpossibleTravel(new ImpossibleTravel.Settings(maxSpeed, minDistance, sameAsnExempt, Set.of(zones), 0, 0));
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

            assertThat(exact.evaluate(signIn().from(FRANKFURT).after(past(LONDON, tooFast)).facts())).isPresent();
            assertThat(exact.evaluate(signIn().from(FRANKFURT).after(past(LONDON, fastEnough)).facts())).isEmpty();
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

            assertThat(exact.evaluate(judged)).isPresent();
            assertThat(exact.evaluate(ignored)).isEmpty();
            assertThat(with(800, 300, false).evaluate(signIn().from(MANCHESTER).after(before).facts())).isEmpty();
        }

        @Test
        void radiiLargerThanTheDistanceNeverGoBelowZero() {
            var facts = signIn().from(MANCHESTER).radius(1_000).after(past(LONDON, Duration.ZERO)).facts();

            assertThat(with(800, 0, false).evaluate(facts)).isEmpty();
        }
    }

    @Nested
    class DataWithoutAccuracyRadius {

        @Test
        void londonThenManchesterSecondsApartIsNotImpossibleTravel() {
            var facts = signIn().from(MANCHESTER).after(past(LONDON, Duration.ofSeconds(20))).facts();

            assertThat(travel.evaluate(facts)).isEmpty();
            assertThat(exact.evaluate(facts)).as("what coordinates taken as exact would say").isPresent();
        }

        @Test
        void londonThenEdinburghSecondsApartIsWithinTheSameCountryAllowance() {
            // 534 km, 334 km after two unknown accuracies of 100 km: below the 500 km same-country allowance.
            var facts = signIn().from(EDINBURGH).after(past(LONDON, Duration.ofSeconds(20))).facts();

            assertThat(travel.evaluate(facts)).isEmpty();
            assertThat(new ImpossibleTravel(new ImpossibleTravel.Settings(800, 100, false, Set.of(), 100, 300))
                    .evaluate(facts)).isPresent();
        }

        @Test
        void aLocationWithoutRadiusIsTakenAsAccurateToTheDefault() {
            // London-Frankfurt is 638 km; less 2 x 100 km that is 438 km, possible in 33 min at 800 km/h.
            var facts = signIn().from(FRANKFURT).after(past(LONDON, Duration.ofMinutes(40))).facts();
            var tooSoon = signIn().from(FRANKFURT).after(past(LONDON, Duration.ofMinutes(32))).facts();

            assertThat(travel.evaluate(facts)).isEmpty();
            assertThat(exact.evaluate(facts)).isPresent();
            assertThat(travel.evaluate(tooSoon)).isPresent();
        }

        @Test
        void aRadiusInTheRecordWinsOverTheDefault() {
            var facts = signIn().from(FRANKFURT).radius(5)
                    .after(signIn().at(NOW.minus(Duration.ofMinutes(40))).from(LONDON).radius(5).past()).facts();

            assertThat(travel.evaluate(facts)).isPresent();
        }

        @Test
        void aHopAcrossABorderGetsNoSameCountryAllowance() {
            // London-Paris is 344 km: 144 km after the unknown accuracies, judged, and impossible in seconds.
            var facts = signIn().from(PARIS).after(past(LONDON, Duration.ofSeconds(20))).facts();

            assertThat(travel.evaluate(facts)).hasValueSatisfying(reason ->
                    assertThat(reason.detail()).startsWith("344 km in 1 min").endsWith("since the sign-in from GB"));
        }

        @Test
        void farWithinOneCountryIsStillImpossible() {
            var facts = signIn().from(LOS_ANGELES).after(past(NEW_YORK, Duration.ofMinutes(10))).facts();

            assertThat(travel.evaluate(facts)).isPresent();
        }

        @Test
        void theSameCountryAllowanceNeedsAKnownCountry() {
            var before = new PastSignIn(NOW.minusSeconds(20), null, null, LONDON.latitude(), LONDON.longitude(),
                    null, null, null, null);
            var facts = new SignInFacts(NOW, Optional.empty(), null,
                    new GeoLocation(Country.UNKNOWN, EDINBURGH.latitude(), EDINBURGH.longitude(), null, null, null),
                    Set.of(), null, List.of(before), 0, 0, Optional.empty());

            assertThat(travel.evaluate(facts)).isPresent();
        }

        @Test
        void theDetailNamesTheDistanceOnTheMapNotWhatIsLeftAfterTheAllowances() {
            var facts = signIn().from(SYDNEY).radius(300)
                    .after(signIn().at(NOW.minus(Duration.ofMinutes(59))).from(LONDON).radius(200).past()).facts();

            assertThat(travel.evaluate(facts)).hasValueSatisfying(reason ->
                    assertThat(reason.detail()).matches("16 9\\d\\d km in 59 min \\(17 \\d{3} km/h\\) since the sign-in from GB"));
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
