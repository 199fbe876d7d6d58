package io.github.zerotrust.keycloak.authn.elevation;


import io.github.zerotrust.keycloak.authn.signals.transmit.CaepOut;
import io.github.zerotrust.keycloak.elevation.ActivationRequest;
import io.github.zerotrust.keycloak.elevation.Elevation;
import io.github.zerotrust.keycloak.elevation.RecordId;
import io.github.zerotrust.keycloak.spi.KeycloakClock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Every elevation step as a Keycloak event: {@code CUSTOM_REQUIRED_ACTION} with
 * {@code custom_required_action=zt-elevate} and {@code zt_action} naming the step, or its {@code _ERROR} with the
 * reason id. The {@code zt_*} details are in {@link EventDetailsElevation} and docs/ids.md.
 */
final class ElevationAudit {

    private final KeycloakSession session;
    private final RealmModel realm;

    ElevationAudit(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /** An event about {@code user} (the actor) for one step. */
    EventBuilder event(UserModel user, String action) {
        return base(action).user(user);
    }

    /** An event for a user who may no longer exist (the expiry task ends elevations of deleted users too). */
    EventBuilder event(String userId, UserModel userOrNull, String action) {
        return userOrNull == null ? base(action).user(userId) : event(userOrNull, action);
    }

    private EventBuilder base(String action) {
        EventBuilder event = session.getContext().getConnection() == null ? new EventBuilder(realm, session)
                : new EventBuilder(realm, session, session.getContext().getConnection());
        return event.event(EventType.CUSTOM_REQUIRED_ACTION)
                .detail("custom_required_action", ElevateActionFactory.ID)
                .detail(EventDetailsElevation.ACTION, action);
    }

    /** A refused activation or extension; {@code impersonator} names the admin behind an impersonated session. */
    void refused(UserModel user, String action, ActivationRequest ask, String reason, Optional<String> impersonator) {
        event(user, action).detail(EventDetailsElevation.ROLE, ask.role().toString())
                .detail(EventDetailsElevation.DURATION, Long.toString(ask.duration().toMinutes()))
                .detail(EventDetailsElevation.IMPERSONATOR, impersonator.orElse(null))
                .error(reason);
    }

    /** A refused step on an elevation or a request, named by its id. */
    void refused(UserModel user, String action, String idDetail, RecordId id, String reason) {
        event(user, action).detail(idDetail, id.toString()).error(reason);
    }

    void granted(UserModel user, Elevation elevation) {
        claimsChanged(user);
        event(user, "activate").detail(EventDetailsElevation.ROLE, elevation.role().toString())
                .detail(EventDetailsElevation.ELEVATION, elevation.id().toString())
                .detail(EventDetailsElevation.ENDS_AT, elevation.end().toString())
                .detail(EventDetailsElevation.DURATION, Long.toString(
                        Duration.between(elevation.start(), elevation.end()).toMinutes()))
                .detail(EventDetailsElevation.JUSTIFICATION, elevation.justification())
                .detail(EventDetailsElevation.TICKET, elevation.ticket().orElse(null))
                .detail(EventDetailsElevation.APPROVERS, joined(elevation.approvers()))
                .success();
    }

    void extended(UserModel user, Elevation extended, List<String> approvers) {
        event(user, "extend").detail(EventDetailsElevation.ROLE, extended.role().toString())
                .detail(EventDetailsElevation.ELEVATION, extended.id().toString())
                .detail(EventDetailsElevation.ENDS_AT, extended.end().toString())
                .detail(EventDetailsElevation.APPROVERS, joined(approvers))
                .success();
    }

    /** The end of an elevation, by {@code action} ({@code deactivate}, {@code expire}, ...). */
    EventBuilder ended(String userId, UserModel userOrNull, String action, Elevation ended) {
        claimsChanged(userOrNull);
        return event(userId, userOrNull, action).detail(EventDetailsElevation.ROLE, ended.role().toString())
                .detail(EventDetailsElevation.ELEVATION, ended.id().toString())
                .detail(EventDetailsElevation.ENDS_AT, ended.end().toString());
    }

    /** Shared Signals receivers of the realm hear that the tokens' {@code zt_elevations} claim changed (CAEP token-claims-change). */
    private void claimsChanged(UserModel userOrNull) {
        if (userOrNull != null && CaepOut.enabled(realm)) {
            CaepOut.elevationsChanged(session, realm, userOrNull, ElevationClaimMapper.claimOf(
                    new ElevationStore(session).activeElevationsOf(realm.getId(), userOrNull.getId()), KeycloakClock.get().instant()));
        }
    }

    private static String joined(List<String> ids) {
        return ids.isEmpty() ? null : String.join(",", ids);
    }
}
