package io.github.zerotrust.keycloak.risk;

import static io.github.zerotrust.keycloak.risk.SignIns.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.zerotrust.keycloak.location.Country;
import io.github.zerotrust.keycloak.location.GeoLocation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Rules that must hold for any sign-in, checked on many random ones (fixed seeds, so failures replay). */
class RiskPropertiesTest {

    private static final String[] COUNTRIES = {"GB", "DE", "US", "AU", "ZZ"};

    private static PastSignIn randomPast(Random random, int minutesAgo) {
        return new PastSignIn(NOW.minus(Duration.ofMinutes(minutesAgo)), null,
                Country.of(COUNTRIES[random.nextInt(COUNTRIES.length)]),
                random.nextDouble() * 180 - 90, random.nextDouble() * 360 - 180, random.nextInt(300),
                (long) random.nextInt(4), "device-" + random.nextInt(4), Set.of());
    }

    private static SignInFacts randomFacts(Random random) {
        List<PastSignIn> history = new ArrayList<>();
        int minutesAgo = 0;
        for (int i = random.nextInt(60); i > 0; i--) {
            minutesAgo += random.nextInt(3_000);
            history.add(randomPast(random, minutesAgo));
        }
        GeoLocation location = random.nextInt(5) == 0 ? GeoLocation.unknown()
                : new GeoLocation(Country.of(COUNTRIES[random.nextInt(COUNTRIES.length)]),
                        random.nextDouble() * 180 - 90, random.nextDouble() * 360 - 180, random.nextInt(300),
                        (long) random.nextInt(4), null);
        return new SignInFacts(NOW, Optional.empty(), null, location,
                random.nextBoolean() ? Set.of("vpn-egress") : Set.of(),
                random.nextInt(5) == 0 ? null : "device-" + random.nextInt(6), history, random.nextInt(8),
                random.nextInt(30), Optional.of(DeviceThreat.values()[random.nextInt(4)]));
    }

    @Test
    void scoreIsTheCappedSumOfTheReasonsAndTheLevelFollowsIt() {
        Random random = new Random(11);
        for (int round = 0; round < 200; round++) {
            var settings = RiskSettings.parse(Map.of(
                    RiskSettings.WEIGHT_NEW_DEVICE, String.valueOf(random.nextInt(101)),
                    RiskSettings.WEIGHT_IMPOSSIBLE_TRAVEL, String.valueOf(random.nextInt(101)),
                    RiskSettings.THRESHOLD_MEDIUM, String.valueOf(1 + random.nextInt(100)),
                    RiskSettings.THRESHOLD_HIGH, String.valueOf(1 + random.nextInt(100)),
                    RiskSettings.ANONYMISER_ASNS, "1",
                    RiskSettings.HOUR_MIN_LEARNED_HISTORY, String.valueOf(1 + random.nextInt(20))));
            var scorer = new RiskScorer(settings);
            for (int i = 0; i < 50; i++) {
                var assessment = scorer.assess(randomFacts(random));

                int sum = assessment.reasons().stream().mapToInt(RiskReason::weight).sum();
                assertThat(assessment.score()).isEqualTo(Math.min(100, sum));
                assertThat(assessment.level()).isEqualTo(settings.levelOf(assessment.score()));
                assertThat(assessment.reasons()).allSatisfy(reason -> {
                    assertThat(reason.weight()).isPositive().isEqualTo(settings.weights().of(reason.signal()));
                    assertThat(reason.detail()).doesNotContain("192.0.2");
                });
                assertThat(assessment.reasons()).extracting(RiskReason::signal).doesNotHaveDuplicates();
                assertThat(Assessment.fromNote(assessment.toNote())).contains(assessment);
            }
        }
    }

    @Test
    void travelThatIsImpossibleStaysImpossibleInLessTime() {
        Random random = new Random(5);
        var travel = new ImpossibleTravel(ImpossibleTravel.Settings.DEFAULTS);
        for (int i = 0; i < 20_000; i++) {
            var before = randomPast(random, 1 + random.nextInt(2_000));
            var quicker = new PastSignIn(before.at().plus(Duration.ofMinutes(random.nextInt(
                    (int) Duration.between(before.at(), NOW).toMinutes() + 1))), null, before.country(),
                    before.latitude(), before.longitude(), before.accuracyRadiusKm(), before.asn(), null, Set.of());
            var here = randomFacts(random);
            var facts = new SignInFacts(NOW, Optional.empty(), null, here.location(), Set.of(), null,
                    List.of(before), 0, 0, Optional.empty());
            var sooner = new SignInFacts(NOW, Optional.empty(), null, here.location(), Set.of(), null,
                    List.of(quicker), 0, 0, Optional.empty());

            if (travel.evaluate(facts).isPresent()) {
                assertThat(travel.evaluate(sooner)).isPresent();
            }
        }
    }

    private static PastSignIn withoutRadius(PastSignIn past) {
        return new PastSignIn(past.at(), null, past.country(), past.latitude(), past.longitude(), null, past.asn(),
                null, Set.of());
    }

    private static SignInFacts travelFacts(GeoLocation here, PastSignIn before) {
        return new SignInFacts(NOW, Optional.empty(), null, here, Set.of(), null, List.of(before), 0, 0, Optional.empty());
    }

    @Test
    void assumingLessAccuracyForRadiusLessDataNeverMakesATripImpossible() {
        Random random = new Random(23);
        for (int i = 0; i < 20_000; i++) {
            var before = withoutRadius(randomPast(random, random.nextInt(600)));
            var location = randomFacts(random).location();
            var here = new GeoLocation(location.country(), location.latitude(), location.longitude(), null, null, null);
            int lower = random.nextInt(500);
            int higher = lower + random.nextInt(500);
            int allowance = random.nextInt(1_000);
            var vaguer = new ImpossibleTravel(new ImpossibleTravel.Settings(800, 100, false, Set.of(), higher, allowance));
            var sharper = new ImpossibleTravel(new ImpossibleTravel.Settings(800, 100, false, Set.of(), lower, allowance));

            if (vaguer.evaluate(travelFacts(here, before)).isPresent()) {
                assertThat(sharper.evaluate(travelFacts(here, before))).isPresent();
            }
        }
    }

    @Test
    void theUnknownAccuracyChangesNothingWhenBothRecordsCarryARadius() {
        Random random = new Random(29);
        for (int i = 0; i < 20_000; i++) {
            var before = randomPast(random, random.nextInt(600));
            var here = randomFacts(random).location();
            if (!here.hasCoordinates()) {
                continue;
            }
            var facts = travelFacts(here, before);
            var one = new ImpossibleTravel(new ImpossibleTravel.Settings(800, 100, false, Set.of(), random.nextInt(1_001), 0));
            var other = new ImpossibleTravel(new ImpossibleTravel.Settings(800, 100, false, Set.of(), random.nextInt(1_001), 0));

            assertThat(one.evaluate(facts)).isEqualTo(other.evaluate(facts));
        }
    }

    @Test
    void aHopWithinOneKnownCountryUpToTheAllowanceIsNeverTravelHoweverSoon() {
        Random random = new Random(31);
        var travel = new ImpossibleTravel(ImpossibleTravel.Settings.DEFAULTS);
        var allowance = ImpossibleTravel.Settings.DEFAULTS.sameCountryKm() + 2 * ImpossibleTravel.Settings.DEFAULTS.unknownAccuracyKm();
        for (int i = 0; i < 20_000; i++) {
            double latitude = random.nextDouble() * 160 - 80;
            double longitude = random.nextDouble() * 340 - 170;
            // Up to about 9 degrees of latitude (1 000 km) and 9 of longitude away.
            double otherLatitude = latitude + random.nextDouble() * 18 - 9;
            double otherLongitude = longitude + random.nextDouble() * 18 - 9;
            Country country = Country.of(COUNTRIES[random.nextInt(COUNTRIES.length - 1)]);
            var before = new PastSignIn(NOW.minusSeconds(random.nextInt(60)), null, country, latitude, longitude,
                    null, null, null, Set.of());
            var here = new GeoLocation(country, otherLatitude, otherLongitude, null, null, null);

            if (GreatCircle.distanceKm(latitude, longitude, otherLatitude, otherLongitude) <= allowance) {
                assertThat(travel.evaluate(travelFacts(here, before))).isEmpty();
            }
        }
    }

    // An address the GeoIP data cannot place must never be a way around the geo signals.

    @Test
    void hidingTheCountryOfASignInNeverSilencesNewCountry() {
        Random random = new Random(37);
        var signal = new NewCountry();
        for (int i = 0; i < 20_000; i++) {
            var placed = randomFacts(random);
            var hidden = new SignInFacts(placed.at(), placed.address(), placed.addressKey(), GeoLocation.unknown(),
                    placed.zones(), placed.deviceId(), placed.history(), 0, 0, Optional.empty());

            if (signal.evaluate(placed).isPresent()) {
                assertThat(signal.evaluate(hidden)).as("%s", placed).isPresent();
            }
        }
    }

    @Test
    void anUnknownCountryIsNewExactlyWhenItsAddressAndZonesAreNewAmongUnplacedSignIns() {
        Random random = new Random(41);
        var signal = new NewCountry();
        String[] addresses = {"10.0.0.1", "10.0.0.2", "2001:db8::1", null};
        String[] zones = {"office", "vpn", "lab"};
        for (int i = 0; i < 20_000; i++) {
            List<PastSignIn> history = new ArrayList<>();
            for (int n = random.nextInt(6); n > 0; n--) {
                history.add(new PastSignIn(NOW.minusSeconds(60L * (1 + random.nextInt(1_000))),
                        addresses[random.nextInt(addresses.length)], Country.of(COUNTRIES[random.nextInt(COUNTRIES.length)]),
                        null, null, null, null, null,
                        random.nextBoolean() ? Set.of() : Set.of(zones[random.nextInt(zones.length)])));
            }
            String address = addresses[random.nextInt(addresses.length)];
            Set<String> here = random.nextBoolean() ? Set.of() : Set.of(zones[random.nextInt(zones.length)].toUpperCase());
            var facts = new SignInFacts(NOW, Optional.empty(), address, GeoLocation.unknown(), here, null, history, 0, 0,
                    Optional.empty());

            boolean baseline = history.stream().anyMatch(p -> p.country().isKnown());
            boolean seen = history.stream().filter(p -> !p.country().isKnown()).anyMatch(p ->
                    address != null && address.equals(p.addressKey())
                            || p.zones().stream().anyMatch(z -> here.contains(z.toUpperCase())));
            assertThat(signal.evaluate(facts).isPresent()).as("%s", facts).isEqualTo(baseline && !seen);
        }
    }
}
