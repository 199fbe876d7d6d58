package io.github.zerotrust.keycloak.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.zerotrust.keycloak.it.harness.AdminApi;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

/** Finds the events a sign-in left, as an auditor would. */
public final class Events {

    private Events() {
    }

    /** The newest event of {@code type} in {@code realm} that satisfies {@code match}; waits briefly for it. */
    public static JsonNode await(AdminApi admin, String realm, String type, Predicate<JsonNode> match) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (true) {
            for (JsonNode event : admin.events(realm, type)) {
                if (match.test(event)) {
                    return event;
                }
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("No " + type + " event in realm " + realm + " matched; latest: " + admin.events(realm, type).stream().limit(3).toList());
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    public static Predicate<JsonNode> withDetail(String key, String value) {
        return e -> value.equals(e.path("details").path(key).asText(null));
    }

    public static String detail(JsonNode event, String key) {
        return event.path("details").path(key).asText(null);
    }
}
