package io.github.zerotrust.keycloak.location;

/** A network zone definition an admin has to fix; the message names the zone and the entry. */
public final class InvalidZoneException extends IllegalArgumentException {

    public InvalidZoneException(String message) {
        super(message);
    }
}
