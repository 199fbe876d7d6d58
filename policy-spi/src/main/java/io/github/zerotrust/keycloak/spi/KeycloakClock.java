package io.github.zerotrust.keycloak.spi;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.keycloak.common.util.Time;

/**
 * The suite's one clock: Keycloak's own time ({@link Time#currentTimeMillis()}), so the time offset Keycloak's
 * tests and its admin "time offset" set moves every rule of the suite together with Keycloak's tokens, sessions
 * and events. Everything on the Keycloak side takes its time from here and hands it to the core as a
 * {@link Clock} or an {@link Instant}; an architecture test keeps the other clocks out of main code.
 */
public final class KeycloakClock extends Clock {

    private static final KeycloakClock UTC = new KeycloakClock(ZoneOffset.UTC);

    private final ZoneId zone;

    private KeycloakClock(ZoneId zone) {
        this.zone = zone;
    }

    /** Keycloak's time, in UTC. */
    public static KeycloakClock get() {
        return UTC;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(Time.currentTimeMillis());
    }

    @Override
    public long millis() {
        return Time.currentTimeMillis();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return zone.equals(this.zone) ? this : new KeycloakClock(zone);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KeycloakClock c && c.zone.equals(zone);
    }

    @Override
    public int hashCode() {
        return zone.hashCode() + 1;
    }

    @Override
    public String toString() {
        return "KeycloakClock[" + zone + ", offset " + Time.getOffset() + " s]";
    }
}
