package io.github.zerotrust.keycloak.location;

/**
 * A geolocation database that cannot be used. Checked, because the caller has to decide whether
 * to refuse to start or to run with {@link GeoLocator#none()}; the message names the file.
 */
public final class GeoDatabaseException extends Exception {

    public GeoDatabaseException(String message, Throwable cause) {
        super(message, cause);
    }

    public GeoDatabaseException(String message) {
        super(message);
    }
}
