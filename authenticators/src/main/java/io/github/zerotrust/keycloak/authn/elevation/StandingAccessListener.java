package io.github.zerotrust.keycloak.authn.elevation;

import io.github.zerotrust.keycloak.elevation.Elevation;
import io.github.zerotrust.keycloak.elevation.ElevationSettings;
import io.github.zerotrust.keycloak.elevation.RoleRef;
import io.github.zerotrust.keycloak.spi.KeycloakClock;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailSenderProvider;
import org.keycloak.events.Event;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;

/**
 * Standing access: when an admin maps a privileged role ({@code zt.elevation.privileged-roles}) straight
 * to a user, outside JIT, this records an event on that user ({@code zt_action=standing-access}), logs a
 * warning, and mails {@code zt.elevation.alert-email} when set. JIT's own grants go through the model
 * API, not the admin API, so they never raise it.
 */
final class StandingAccessListener implements EventListenerProvider {

    static final String ALERT_EMAIL = "zt.elevation.alert-email";
    private static final Logger LOG = Logger.getLogger(StandingAccessListener.class);

    private final KeycloakSession session;

    StandingAccessListener(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void onEvent(Event event) {
        if (NewFactorNotice.concerns(event)) {
            new NewFactorNotice(session).onEvent(event, KeycloakClock.get().instant());
        }
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        if (event.getOperationType() != OperationType.CREATE || event.getResourcePath() == null
                || !(event.getResourceType() == ResourceType.REALM_ROLE_MAPPING || event.getResourceType() == ResourceType.CLIENT_ROLE_MAPPING)) {
            return;
        }
        String[] path = event.getResourcePath().split("/");
        if (path.length < 3 || !"users".equals(path[0])) {
            return;
        }
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        if (realm == null) {
            return;
        }
        ElevationSettings settings = ElevationSettings.parse(realm.getAttributes());
        if (settings.privilegedRoles().isEmpty()) {
            return;
        }
        UserModel user = session.users().getUserById(realm, path[1]);
        if (user == null) {
            return;
        }
        Directory directory = new Directory(session, realm);
        Set<RoleRef> elevated = new ElevationStore(session).activeElevationsOf(realm.getId(), user.getId()).stream()
                .map(Elevation::role).collect(Collectors.toSet());
        List<RoleRef> standing = settings.privilegedRoles().stream()
                .filter(ref -> !elevated.contains(ref))
                .filter(ref -> directory.role(ref).map(user::hasDirectRole).orElse(false))
                .sorted(java.util.Comparator.comparing(RoleRef::toString))
                .toList();
        if (standing.isEmpty()) {
            return;
        }
        String roles = standing.stream().map(RoleRef::toString).collect(Collectors.joining(","));
        String by = event.getAuthDetails() == null ? "unknown" : event.getAuthDetails().getUserId();
        LOG.warnf("Realm %s: privileged role(s) %s assigned to user %s outside JIT by %s", realm.getName(), roles,
                user.getUsername(), by);
        new EventBuilder(realm, session).event(EventType.CUSTOM_REQUIRED_ACTION).user(user)
                .detail("custom_required_action", ElevateActionFactory.ID)
                .detail(EventDetailsElevation.ACTION, "standing-access")
                .detail(EventDetailsElevation.ROLE, roles)
                .detail("zt_assigned_by", by)
                .success();
        String to = realm.getAttribute(ALERT_EMAIL);
        if (to != null && !to.isBlank() && realm.getSmtpConfig() != null && !realm.getSmtpConfig().isEmpty()) {
            String text = "A privileged role was assigned outside just-in-time access in realm " + realm.getName() + ".\n\n"
                    + "User:        " + user.getUsername() + "\nRole(s):     " + roles + "\nAssigned by: " + by
                    + "\n\nIf this is not intended, remove the role mapping and make the user eligible instead.\n-- Keycloak Zero Trust\n";
            try {
                session.getProvider(EmailSenderProvider.class).send(realm.getSmtpConfig(), to.strip(),
                        "Standing privileged access: " + roles, text, null);
            } catch (EmailException | RuntimeException e) {
                LOG.warnf("Realm %s: could not send the standing-access alert: %s", realm.getName(), e.getMessage());
            }
        }
    }

    @Override
    public void close() {
    }
}
