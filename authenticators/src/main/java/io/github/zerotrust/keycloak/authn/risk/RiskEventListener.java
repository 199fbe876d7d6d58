package io.github.zerotrust.keycloak.authn.risk;

import io.github.zerotrust.keycloak.authn.location.SignInLocation;
import java.time.Duration;
import java.util.Optional;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;

/**
 * Learns from what Keycloak reports: a fully successful sign-in ({@code LOGIN}) enters the history
 * and binds the browser; a failed one ({@code LOGIN_ERROR}) counts towards failure velocity. Only
 * sign-ins the assessment step saw are learnt from. Runs inside the request's transaction.
 */
final class RiskEventListener implements EventListenerProvider {

    private final KeycloakSession session;

    RiskEventListener(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void onEvent(Event event) {
        SignInMetrics.count(event);
        if (event.getType() == EventType.LOGIN) {
            learn(event);
        } else if (event.getType() == EventType.LOGIN_ERROR) {
            countFailure(event);
        }
    }

    private void learn(Event event) {
        if (event.getSessionId() == null || event.getUserId() == null) {
            return;
        }
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        UserSessionModel userSession = realm == null ? null : session.sessions().getUserSession(realm, event.getSessionId());
        if (userSession == null) {
            return;
        }
        Optional<PendingSignIn> pending = PendingSignIn.fromNote(userSession.getNote(PendingSignIn.NOTE));
        userSession.removeNote(PendingSignIn.NOTE);
        if (pending.isEmpty()) {
            return;
        }
        UserModel user = userSession.getUser();
        String deviceId = pending.get().deviceId();
        if (pending.get().browser()) {
            deviceId = RecognisedBrowser.remember(session, realm, user, RecognisedBrowser.read(session, realm, user));
        }
        new SignInHistoryStore(session).record(realm.getId(), user.getId(), pending.get().toPastSignIn(deviceId),
                pending.get().historySize(), Duration.ofDays(pending.get().retentionDays()), pending.get().prune());
    }

    private void countFailure(Event event) {
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        if (realm == null) {
            return;
        }
        Duration window = RealmRiskConfig.of(realm).risk().failureVelocity().window();
        FailureCounters counters = new FailureCounters(session);
        if (event.getUserId() != null) {
            counters.failedForUser(realm.getId(), event.getUserId(), window);
        }
        SignInLocation location = SignInLocation.of(session, realm, event.getIpAddress());
        location.address().ifPresent(a -> counters.failedFromAddress(realm.getId(), a.canonical(), window));
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
    }

    @Override
    public void close() {
    }
}
