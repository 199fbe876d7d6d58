package io.github.zerotrust.keycloak.authn.risk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.zerotrust.keycloak.location.Country;
import io.github.zerotrust.keycloak.risk.PastSignIn;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * What the assessment step hands to the event listener: the sign-in to remember once Keycloak
 * reports it fully successful (a user-session note survives required actions and SSO re-entry).
 */
record PendingSignIn(long at, String addressKey, String country, Double latitude, Double longitude, Integer accuracyKm,
                     Long asn, String deviceId, Set<String> zones, boolean browser, int historySize, long retentionDays,
                     boolean prune) {

    static final String NOTE = "zt.risk.pending";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_NOTE = 4096;

    static PendingSignIn of(PastSignIn s, boolean browser, int historySize, Duration retention, boolean prune) {
        return new PendingSignIn(s.at().toEpochMilli(), s.addressKey(), s.country().isKnown() ? s.country().isoCode() : null,
                s.latitude(), s.longitude(), s.accuracyRadiusKm(), s.asn(), s.deviceId(), s.zones(), browser, historySize,
                retention.toDays(), prune);
    }

    PastSignIn toPastSignIn(String finalDeviceId) {
        Country c = country == null ? Country.UNKNOWN : Country.parse(country).orElse(Country.UNKNOWN);
        return new PastSignIn(Instant.ofEpochMilli(at), addressKey, c, latitude, longitude, accuracyKm, asn, finalDeviceId, zones);
    }

    String toNote() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Optional<PendingSignIn> fromNote(String note) {
        if (note == null || note.isEmpty() || note.length() > MAX_NOTE) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(JSON.readValue(note, PendingSignIn.class));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }
}
