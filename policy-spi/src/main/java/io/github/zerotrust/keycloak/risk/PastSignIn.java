package io.github.zerotrust.keycloak.risk;

import io.github.zerotrust.keycloak.location.Country;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * One successful sign-in as the history keeps it. Everything but the time may be missing, because
 * the history is read back from storage written by older versions or without a geo database.
 *
 * @param addressKey the address as stored: canonical text or a keyed hash (see {@link AddressKey})
 * @param deviceId   the recognised device, or null when there was none
 */
public record PastSignIn(Instant at, String addressKey, Country country, Double latitude, Double longitude,
                         Integer accuracyRadiusKm, Long asn, String deviceId, Set<String> zones) {

    public PastSignIn {
        Objects.requireNonNull(at, "at");
        country = country == null ? Country.UNKNOWN : country;
        if (latitude == null || longitude == null) {
            latitude = null;
            longitude = null;
        }
        zones = zones == null ? Set.of() : Set.copyOf(zones);
    }

    /** What a successful sign-in leaves in the history; the shell records only successful ones. */
    public static PastSignIn of(SignInFacts facts) {
        var location = facts.location();
        return new PastSignIn(facts.at(), facts.addressKey(), location.country(), location.latitude(),
                location.longitude(), location.accuracyRadiusKm(), location.asn(), facts.deviceId(), facts.zones());
    }

    public boolean hasCoordinates() {
        return latitude != null;
    }
}
