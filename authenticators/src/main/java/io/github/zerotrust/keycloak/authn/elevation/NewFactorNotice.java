package io.github.zerotrust.keycloak.authn.elevation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;
import org.keycloak.credential.CredentialModel;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailSenderProvider;
import org.keycloak.events.Details;
import org.keycloak.events.Event;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * A new second factor on a privileged account (one eligible for a role, or holding a privileged role) is news for
 * its owner and the security team: whoever has the password alone could have set it up to pass the next step-up.
 * On Keycloak's events of a factor set up (a one-time code, a security key or passkey), each factor created in the
 * last {@link #RECENT} is told of once, cluster-wide: a {@code zt_action=new-factor} event, an e-mail to the user and
 * one to {@code zt.elevation.alert-email}.
 */
final class NewFactorNotice {

    /** A factor older than this was not what the event is about. */
    static final Duration RECENT = Duration.ofMinutes(10);
    private static final Set<EventType> FACTOR_EVENTS = Set.of(EventType.UPDATE_TOTP, EventType.UPDATE_CREDENTIAL,
            EventType.CUSTOM_REQUIRED_ACTION);
    private static final Set<String> FACTOR_ACTIONS = Set.of("webauthn-register", "webauthn-register-passwordless",
            "CONFIGURE_TOTP", "configure-totp");
    private static final Logger LOG = Logger.getLogger(NewFactorNotice.class);

    private final KeycloakSession session;

    NewFactorNotice(KeycloakSession session) {
        this.session = session;
    }

    /** Whether this event may be a factor being set up. */
    static boolean concerns(Event event) {
        if (event.getUserId() == null || event.getRealmId() == null || !FACTOR_EVENTS.contains(event.getType())) {
            return false;
        }
        if (event.getType() == EventType.CUSTOM_REQUIRED_ACTION) {
            String action = event.getDetails() == null ? null : event.getDetails().get(Details.CUSTOM_REQUIRED_ACTION);
            return action != null && FACTOR_ACTIONS.contains(action);
        }
        return true;
    }

    void onEvent(Event event, Instant now) {
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        UserModel user = realm == null ? null : session.users().getUserById(realm, event.getUserId());
        if (user == null || !PrivilegedAccounts.isPrivileged(session, realm, user)) {
            return;
        }
        List<CredentialModel> recent = user.credentialManager().getStoredCredentialsStream()
                .filter(c -> c.getType() != null && !c.getType().startsWith("password") && c.getCreatedDate() != null)
                .filter(c -> !Instant.ofEpochMilli(c.getCreatedDate()).isBefore(now.minus(RECENT)))
                .toList();
        for (CredentialModel credential : recent) {
            // Several events may tell of one factor (and on several nodes): one notice each, cluster-wide.
            if (session.singleUseObjects().putIfAbsent("zt-new-factor:" + credential.getId(), RECENT.multipliedBy(6).toSeconds())) {
                notify(realm, user, credential);
            }
        }
    }

    private void notify(RealmModel realm, UserModel user, CredentialModel credential) {
        LOG.warnf("Realm %s: a new %s factor was set up on the privileged account %s", realm.getName(), credential.getType(),
                user.getUsername());
        new ElevationAudit(session, realm).event(user, "new-factor")
                .detail(EventDetailsElevation.CREDENTIAL_TYPE, credential.getType()).success();
        ElevationMail.newFactor(session, realm, user, credential.getType(), Instant.ofEpochMilli(credential.getCreatedDate()));
        String to = realm.getAttribute(StandingAccessListener.ALERT_EMAIL);
        if (to != null && !to.isBlank() && realm.getSmtpConfig() != null && !realm.getSmtpConfig().isEmpty()) {
            String text = "A new sign-in factor was set up on a privileged account in realm " + realm.getName() + ".\n\n"
                    + "User:   " + user.getUsername() + "\nFactor: " + credential.getType() + "\n\n"
                    + "A factor set up in the session that uses it never satisfies an elevation's step-up; the next session"
                    + " would. If the user did not set it up, remove it and reset their password.\n-- Keycloak Zero Trust\n";
            try {
                session.getProvider(EmailSenderProvider.class).send(realm.getSmtpConfig(), to.strip(),
                        "New sign-in factor on a privileged account: " + user.getUsername(), text, null);
            } catch (EmailException | RuntimeException e) {
                LOG.warnf("Realm %s: could not send the new-factor alert: %s", realm.getName(), e.getMessage());
            }
        }
    }
}
