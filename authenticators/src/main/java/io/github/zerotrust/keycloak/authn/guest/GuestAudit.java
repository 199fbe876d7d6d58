package io.github.zerotrust.keycloak.authn.guest;

import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * What happens to a guest outside a sign-in, as a Keycloak event about the guest: {@code CUSTOM_REQUIRED_ACTION} with
 * {@code custom_required_action=zt-guest-access} and {@code zt_action} {@code access-ended} or {@code ending-soon}
 * (the sponsor was told), with {@code zt_guest_ends_at} and {@code zt_guest_sponsor}. A refused sign-in is Keycloak's
 * {@code LOGIN_ERROR} written by the sign-in step.
 */
final class GuestAudit {

    static final String ACTION = "zt_action";
    static final String ENDS_AT = "zt_guest_ends_at";
    static final String SPONSOR = "zt_guest_sponsor";
    static final String SESSIONS_ENDED = "zt_sessions_ended";

    private GuestAudit() {
    }

    static EventBuilder event(KeycloakSession session, RealmModel realm, UserModel guest, String action) {
        EventBuilder event = new EventBuilder(realm, session);
        return event.event(EventType.CUSTOM_REQUIRED_ACTION).user(guest)
                .detail("custom_required_action", GuestAccessFactory.ID)
                .detail(ACTION, action);
    }
}
