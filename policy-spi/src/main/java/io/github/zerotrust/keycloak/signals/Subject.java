package io.github.zerotrust.keycloak.signals;

import java.util.Optional;

/**
 * Whom a signal is about, as far as it is known: a user, one of their sessions, a device, a client. Values are
 * the realm's own ids (the shell resolves a transmitter's e-mail or {@code iss_sub} to them before asking the
 * core), so an unknown subject never reaches a plan.
 */
public record Subject(String userId, String sessionId, String deviceId, String clientId) {

    public static Subject user(String userId) {
        return new Subject(required(userId, "userId"), null, null, null);
    }

    /** The user's session {@code sessionId}: for {@link Action#END_SESSION}, or the session to keep for {@link Action#END_OTHER_SESSIONS}. */
    public static Subject session(String userId, String sessionId) {
        return new Subject(required(userId, "userId"), required(sessionId, "sessionId"), null, null);
    }

    /** A device and, when known, its owner. */
    public static Subject device(String ownerIdOrNull, String deviceId) {
        return new Subject(ownerIdOrNull, null, required(deviceId, "deviceId"), null);
    }

    public static Subject client(String clientId) {
        return new Subject(null, null, null, required(clientId, "clientId"));
    }

    public Optional<String> user() {
        return Optional.ofNullable(userId);
    }

    public Optional<String> session() {
        return Optional.ofNullable(sessionId);
    }

    public Optional<String> device() {
        return Optional.ofNullable(deviceId);
    }

    public Optional<String> client() {
        return Optional.ofNullable(clientId);
    }

    /** The kind named in the {@code zt_signal_subject} event detail: the narrowest part known. */
    public String kind() {
        if (sessionId != null) {
            return "session";
        }
        if (deviceId != null) {
            return "device";
        }
        if (clientId != null) {
            return "client";
        }
        return "user";
    }

    private static String required(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value;
    }
}
