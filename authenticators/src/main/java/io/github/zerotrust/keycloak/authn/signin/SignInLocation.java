package io.github.zerotrust.keycloak.authn.signin;

import io.github.zerotrust.keycloak.location.ClientAddress;
import io.github.zerotrust.keycloak.location.Country;
import io.github.zerotrust.keycloak.location.GeoLocation;
import io.github.zerotrust.keycloak.location.GeoLocator;
import io.github.zerotrust.keycloak.location.NetworkZones;
import io.github.zerotrust.keycloak.policy.Origin;
import io.github.zerotrust.keycloak.spi.GeoLocatorProvider;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.keycloak.common.ClientConnection;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Where one sign-in comes from. The address is the one Keycloak resolved for the connection, which
 * honours Keycloak's own proxy settings ({@code --proxy-headers}, {@code --proxy-trusted-addresses});
 * we never read {@code X-Forwarded-For} ourselves. Resolved once per request, and written into the
 * request's event once.
 */
public final class SignInLocation {

    private static final String ATTRIBUTE = SignInLocation.class.getName();

    private final Origin origin;

    private SignInLocation(Origin origin) {
        this.origin = origin;
    }

    public Origin origin() {
        return origin;
    }

    public Optional<ClientAddress> address() {
        return origin.address();
    }

    public GeoLocation geo() {
        return origin.geo();
    }

    public Set<String> zones() {
        return origin.zones();
    }

    public Country country() {
        return origin.country();
    }

    /**
     * The sign-in's address as Keycloak resolved it. Vert.x leaves {@code getRemoteAddr()} empty for a
     * forwarded IPv6 address in brackets; {@code getRemoteHost()} then holds the literal, and it is
     * also what Keycloak itself records as the event's and session's {@code ipAddress}.
     */
    public static SignInLocation of(KeycloakSession session, RealmModel realm, ClientConnection connection) {
        String address = connection.getRemoteAddr();
        if (address == null || address.isBlank()) {
            address = connection.getRemoteHost();
        }
        return of(session, realm, address);
    }

    public static SignInLocation of(KeycloakSession session, RealmModel realm, String remoteAddress) {
        String key = ATTRIBUTE + ":" + realm.getId() + ":" + remoteAddress;
        SignInLocation cached = session.getAttribute(key, SignInLocation.class);
        if (cached != null) {
            return cached;
        }
        SignInLocation resolved = new SignInLocation(resolve(session, realm, remoteAddress));
        session.setAttribute(key, resolved);
        return resolved;
    }

    private static Origin resolve(KeycloakSession session, RealmModel realm, String remoteAddress) {
        Optional<ClientAddress> address = ClientAddress.parse(remoteAddress);
        if (address.isEmpty()) {
            return Origin.unreadable();
        }
        GeoLocator locator = session.getProvider(GeoLocatorProvider.class);
        GeoLocation geo = locator == null ? GeoLocation.unknown() : locator.locate(address.get());
        NetworkZones zones = RealmZones.of(realm);
        Set<String> containing = zones.zonesContaining(address.get());
        Set<String> trusted = new HashSet<>(containing);
        trusted.retainAll(zones.trustedZoneNames());
        return new Origin(address, geo, containing, trusted);
    }

    /**
     * Adds where the sign-in came from to the event, once per request, and keeps it for the request that
     * fires the final event; the address itself is already Keycloak's {@code ipAddress}.
     */
    public void describe(KeycloakSession session, AuthenticationSessionModel authSession, EventBuilder event) {
        String done = ATTRIBUTE + ".described:" + authSession.getParentSession().getId() + ":" + authSession.getTabId();
        if (session.getAttribute(done) != null) {
            return;
        }
        session.setAttribute(done, Boolean.TRUE);
        SignInNotes.put(authSession, event, EventDetails.ADDRESS, address().isPresent() ? "valid" : "invalid");
        SignInNotes.put(authSession, event, EventDetails.COUNTRY, country().isKnown() ? country().isoCode() : "unknown");
        SignInNotes.put(authSession, event, EventDetails.ZONES, zones().isEmpty() ? "none" : String.join(",", new TreeSet<>(zones())));
    }
}
