package io.github.zerotrust.keycloak.risk;

import io.github.zerotrust.keycloak.location.ClientAddress;
import io.github.zerotrust.keycloak.location.Country;
import io.github.zerotrust.keycloak.location.GeoLocation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Places and sign-ins for the risk tests, so each test states only what it is about. */
final class SignIns {

    static final Instant NOW = Instant.parse("2026-06-10T10:00:00Z");

    record Place(Country country, double latitude, double longitude) {
    }

    static final Place LONDON = new Place(Country.of("GB"), 51.5074, -0.1278);
    static final Place MANCHESTER = new Place(Country.of("GB"), 53.4808, -2.2426);
    static final Place SYDNEY = new Place(Country.of("AU"), -33.8688, 151.2093);
    static final Place FRANKFURT = new Place(Country.of("DE"), 50.1109, 8.6821);
    static final Place NEW_YORK = new Place(Country.of("US"), 40.7128, -74.0060);
    static final Place LOS_ANGELES = new Place(Country.of("US"), 34.0522, -118.2437);
    static final Place PARIS = new Place(Country.of("FR"), 48.8566, 2.3522);
    static final Place EDINBURGH = new Place(Country.of("GB"), 55.9533, -3.1883);

    private SignIns() {
    }

    static double kmBetween(Place a, Place b) {
        return GreatCircle.distanceKm(a.latitude(), a.longitude(), b.latitude(), b.longitude());
    }

    static Builder signIn() {
        return new Builder();
    }

    static PastSignIn past(Place place, Instant at) {
        return signIn().at(at).from(place).past();
    }

    static PastSignIn past(Place place, Duration ago) {
        return past(place, NOW.minus(ago));
    }

    /** A sign-in under construction; {@link #facts()} for the current one, {@link #past()} for history. */
    static final class Builder {
        private Instant at = NOW;
        private String address = "192.0.2.1";
        private Country country = Country.UNKNOWN;
        private Double latitude;
        private Double longitude;
        private Integer radius;
        private Long asn;
        private String device;
        private Set<String> zones = Set.of();
        private final List<PastSignIn> history = new ArrayList<>();
        private int userFailures;
        private int addressFailures;
        private DeviceThreat threat;

        Builder at(Instant at) {
            this.at = at;
            return this;
        }

        Builder at(String instant) {
            return at(Instant.parse(instant));
        }

        Builder from(Place place) {
            country = place.country();
            latitude = place.latitude();
            longitude = place.longitude();
            return this;
        }

        /** The client address (default 192.0.2.1), stored in the clear as the history keeps it. */
        Builder address(String text) {
            address = text;
            return this;
        }

        Builder country(String code) {
            country = Country.of(code);
            return this;
        }

        Builder radius(int km) {
            radius = km;
            return this;
        }

        Builder asn(long asn) {
            this.asn = asn;
            return this;
        }

        Builder device(String id) {
            device = id;
            return this;
        }

        Builder zones(String... names) {
            zones = Set.of(names);
            return this;
        }

        Builder after(PastSignIn... pasts) {
            history.addAll(List.of(pasts));
            return this;
        }

        Builder after(List<PastSignIn> pasts) {
            history.addAll(pasts);
            return this;
        }

        Builder failures(int user, int address) {
            userFailures = user;
            addressFailures = address;
            return this;
        }

        Builder threat(DeviceThreat threat) {
            this.threat = threat;
            return this;
        }

        SignInFacts facts() {
            return new SignInFacts(at, ClientAddress.parse(address), address,
                    new GeoLocation(country, latitude, longitude, radius, asn, null), zones, device, history,
                    userFailures, addressFailures, Optional.ofNullable(threat));
        }

        PastSignIn past() {
            return new PastSignIn(at, address, country, latitude, longitude, radius, asn, device, zones);
        }
    }
}
