package io.github.zerotrust.keycloak.bench;

import io.github.zerotrust.keycloak.location.ClientAddress;
import io.github.zerotrust.keycloak.location.Country;
import io.github.zerotrust.keycloak.location.GeoLocation;
import io.github.zerotrust.keycloak.risk.Assessment;
import io.github.zerotrust.keycloak.risk.DeviceThreat;
import io.github.zerotrust.keycloak.risk.PastSignIn;
import io.github.zerotrust.keycloak.risk.RiskScorer;
import io.github.zerotrust.keycloak.risk.RiskSettings;
import io.github.zerotrust.keycloak.risk.SignInFacts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.StringJoiner;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What assessing one sign-in costs: every signal enabled (unusual hour in learned mode, which walks
 * the whole history), a full history of 50 past sign-ins, 1,000 listed ASNs and exception zones.
 */
@State(Scope.Thread)
@BenchmarkMode({Mode.SampleTime, Mode.AverageTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RiskBenchmark {

    private static final int HISTORY = 50;
    // A power of two, so cycling is a mask; varied enough that every signal both fires and stays quiet.
    private static final int SIGN_INS = 256;
    private static final Instant NOW = Instant.parse("2026-06-10T10:00:00Z");

    private record Place(String country, double latitude, double longitude, long asn) {
    }

    private static final Place[] PLACES = {
        new Place("GB", 51.5074, -0.1278, 2_856), new Place("GB", 53.4808, -2.2426, 2_856),
        new Place("AU", -33.8688, 151.2093, 1_221), new Place("DE", 50.1109, 8.6821, 3_320),
        new Place("US", 40.7128, -74.0060, 7_018),
    };

    private RiskScorer scorer;
    private SignInFacts[] signIns;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        Random random = new Random(20_260_610);
        StringJoiner anonymisers = new StringJoiner(",");
        StringJoiner hosting = new StringJoiner(",");
        for (int i = 0; i < 500; i++) {
            anonymisers.add("AS" + (60_000 + i));
            hosting.add(String.valueOf(14_000 + i));
        }
        scorer = new RiskScorer(RiskSettings.parse(Map.of(
                RiskSettings.ANONYMISER_ASNS, anonymisers.toString(),
                RiskSettings.HOSTING_ASNS, hosting.toString(),
                RiskSettings.TRAVEL_EXCEPTION_ZONES, "vpn-egress, Partner VPN",
                RiskSettings.TRAVEL_SAME_ASN_EXEMPT, "true",
                RiskSettings.HOUR_ZONE, "Europe/London")));

        signIns = new SignInFacts[SIGN_INS];
        for (int i = 0; i < SIGN_INS; i++) {
            List<PastSignIn> history = history(random);
            // Mostly the usual office, laptop and hours; now and then a jump across the world, a night-time
            // sign-in, an unknown device, a listed network, a burst of failures or a device threat.
            Place place = random.nextInt(4) == 0 ? PLACES[random.nextInt(PLACES.length)] : PLACES[0];
            Instant at = random.nextInt(8) == 0
                    ? NOW.minus(Duration.ofHours(8).plusMinutes(random.nextInt(60)))
                    : history.get(0).at().plus(Duration.ofMinutes(1 + random.nextInt(90)));
            long asn = random.nextInt(8) == 0 ? 60_000 + random.nextInt(1_000) : place.asn();
            String device = random.nextInt(4) == 0 ? "device-" + random.nextInt(100) : "device-" + random.nextInt(3);
            DeviceThreat threat = random.nextInt(8) == 0 ? DeviceThreat.values()[1 + random.nextInt(3)] : DeviceThreat.CLEAR;
            boolean failures = random.nextInt(10) == 0;
            signIns[i] = new SignInFacts(at, ClientAddress.parse("192.0.2." + random.nextInt(256)), "192.0.2.1",
                    new GeoLocation(Country.of(place.country()), place.latitude(), place.longitude(), 20, asn, null),
                    random.nextInt(10) == 0 ? Set.of("vpn-egress") : Set.of("Office"), device, history,
                    failures ? 5 + random.nextInt(5) : random.nextInt(2), failures ? 20 : random.nextInt(3),
                    Optional.of(threat));
        }
    }

    // One sign-in a day in office hours (08:00-17:59 UTC), the newest 10 to 180 minutes before NOW.
    private static List<PastSignIn> history(Random random) {
        List<PastSignIn> history = new ArrayList<>(HISTORY);
        for (int day = 0; day < HISTORY; day++) {
            Instant at = day == 0
                    ? NOW.minus(Duration.ofMinutes(10 + random.nextInt(170)))
                    : NOW.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(day))
                            .plus(Duration.ofMinutes(8 * 60 + random.nextInt(600)));
            Place place = PLACES[random.nextInt(2)];
            history.add(new PastSignIn(at, "192.0.2." + random.nextInt(256), Country.of(place.country()),
                    place.latitude(), place.longitude(), 20, 2_856L, "device-" + random.nextInt(3), Set.of("Office")));
        }
        return history;
    }

    @Benchmark
    public Assessment assess() {
        return scorer.assess(signIns[next++ & (SIGN_INS - 1)]);
    }

    /** The assessment plus the note the shell keeps in the authentication session. */
    @Benchmark
    public String assessAndWriteNote() {
        return scorer.assess(signIns[next++ & (SIGN_INS - 1)]).toNote();
    }
}
