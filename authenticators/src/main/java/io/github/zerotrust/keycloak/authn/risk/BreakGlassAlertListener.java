package io.github.zerotrust.keycloak.authn.risk;

import io.github.zerotrust.keycloak.authn.breakglass.BreakGlassAccounts;
import io.github.zerotrust.keycloak.authn.signin.EventDetails;
import java.time.Instant;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.events.Details;
import org.keycloak.events.Event;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Every sign-in of a break-glass account, let in ({@code LOGIN}) or failed ({@code LOGIN_ERROR}: someone is trying
 * it), is a critical alert: a {@code CUSTOM_REQUIRED_ACTION} event ({@code custom_required_action=zt-break-glass}), a
 * WARN log line, and the realm's alert webhook and e-mail group (those of its risk step, as for high-risk sign-ins).
 * Global, so no realm can forget to add it. Never a password, token or cookie: the user, address, client and
 * Keycloak's error id.
 */
final class BreakGlassAlertListener implements EventListenerProvider {

    static final String EVENT_NAME = "zt-break-glass";
    /** {@code sign-in} or {@code failed-sign-in}. */
    static final String WHAT = "zt_break_glass";
    /** Keycloak's error id of a failed sign-in ({@code invalid_user_credentials}, ...). */
    static final String ERROR = "zt_break_glass_error";
    static final String KEYCLOAK_EVENT = "zt_keycloak_event";

    private static final Logger LOG = Logger.getLogger(BreakGlassAlertListener.class);

    private final KeycloakSession session;

    BreakGlassAlertListener(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void onEvent(Event event) {
        if ((event.getType() != EventType.LOGIN && event.getType() != EventType.LOGIN_ERROR) || event.getUserId() == null
                || event.getRealmId() == null) {
            return;
        }
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        if (realm == null || !BreakGlassAccounts.ids(realm).contains(event.getUserId())) {
            return;
        }
        UserModel user = session.users().getUserById(realm, event.getUserId());
        boolean failed = event.getType() == EventType.LOGIN_ERROR;
        String username = user == null ? event.getUserId() : user.getUsername();
        Map<String, String> details = event.getDetails() == null ? Map.of() : event.getDetails();
        String what = failed ? "failed-sign-in" : "sign-in";
        LOG.warnf("Realm %s: break-glass account %s: %s from %s to client %s%s", realm.getName(), username, what,
                event.getIpAddress(), event.getClientId(), failed ? " (" + event.getError() + ")" : "");
        EventBuilder alert = (session.getContext().getConnection() == null ? new EventBuilder(realm, session)
                : new EventBuilder(realm, session, session.getContext().getConnection()))
                .event(EventType.CUSTOM_REQUIRED_ACTION)
                .detail(Details.CUSTOM_REQUIRED_ACTION, EVENT_NAME)
                .detail(WHAT, what)
                .detail(KEYCLOAK_EVENT, event.getType().name())
                .client(event.getClientId())
                .ipAddress(event.getIpAddress());
        if (failed && event.getError() != null) {
            alert.detail(ERROR, event.getError());
        }
        if (user != null) {
            alert.user(user);
        } else {
            alert.user(event.getUserId());
        }
        alert.success();
        RiskAlerts.get().raise(session, realm, RealmRiskConfig.of(realm), RiskAlert.breakGlass(realm.getName(),
                event.getUserId(), username, event.getIpAddress(), details.getOrDefault(EventDetails.COUNTRY, "unknown"),
                score(details.get(EventDetails.RISK_SCORE)),
                failed ? "failed sign-in (" + event.getError() + ")" : "signed in", Instant.ofEpochMilli(event.getTime())));
    }

    private static int score(String value) {
        try {
            return value == null ? 0 : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
    }

    @Override
    public void close() {
    }
}
