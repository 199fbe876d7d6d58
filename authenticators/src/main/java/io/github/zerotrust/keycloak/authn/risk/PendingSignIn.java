package io.github.zerotrust.keycloak.authn.risk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.zerotrust.keycloak.json.JsonFormat;
import io.github.zerotrust.keycloak.location.Country;
import io.github.zerotrust.keycloak.risk.PastSignIn;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.keycloak.models.KeycloakSession;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * What the assessment step hands to the event listener: the sign-in to remember once Keycloak
 * reports it fully successful. It travels in the request (when the sign-in ends in the same request,
 * as a password grant does) and in the authentication session (when an extra step makes it end in a
 * later one); never in the user session, whose every change is a database write.
 */
record PendingSignIn(String userId, long at, String addressKey, String country, Double latitude, Double longitude, Integer accuracyKm,
                     Long asn, String deviceId, Set<String> zones, boolean browser, int historySize, long retentionDays,
                     boolean prune, String riskLevel) {

    static final String NOTE = "zt.risk.pending";
    // Lenient: during a rolling upgrade the note may come from a node that knows more fields.
    private static final ObjectMapper JSON = JsonFormat.lenient();
    private static final int MAX_NOTE = 4096;

    static PendingSignIn of(String userId, PastSignIn s, boolean browser, int historySize, Duration retention, boolean prune,
                            String riskLevel) {
        return new PendingSignIn(userId, s.at().toEpochMilli(), s.addressKey(), s.country().isKnown() ? s.country().isoCode() : null,
                s.latitude(), s.longitude(), s.accuracyRadiusKm(), s.asn(), s.deviceId(), s.zones(), browser, historySize,
                retention.toDays(), prune, riskLevel);
    }

    PastSignIn toPastSignIn(String finalDeviceId) {
        Country c = country == null ? Country.UNKNOWN : Country.parse(country).orElse(Country.UNKNOWN);
        return new PastSignIn(Instant.ofEpochMilli(at), addressKey, c, latitude, longitude, accuracyKm, asn, finalDeviceId, zones);
    }

    void handOver(KeycloakSession session, AuthenticationSessionModel authSession) {
        String note = toNote();
        session.setAttribute(NOTE, note);
        authSession.setAuthNote(NOTE, note);
    }

    /** The sign-in handed over for this user in this request or its authentication session, taken once. */
    static Optional<PendingSignIn> takeOver(KeycloakSession session, String userId) {
        String note = session.getAttribute(NOTE, String.class);
        session.removeAttribute(NOTE);
        AuthenticationSessionModel authSession = session.getContext().getAuthenticationSession();
        if (authSession != null) {
            if (note == null) {
                note = authSession.getAuthNote(NOTE);
            }
            authSession.removeAuthNote(NOTE);
        }
        return fromNote(note).filter(p -> userId.equals(p.userId()));
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
