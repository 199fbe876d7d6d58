package io.github.zerotrust.keycloak.authn.risk;

import io.github.zerotrust.keycloak.authn.signals.transmit.CaepOut;
import io.github.zerotrust.keycloak.authn.signin.SignInLocation;
import io.github.zerotrust.keycloak.risk.Assessment;
import java.time.Duration;
import java.util.Optional;
import org.keycloak.events.Errors;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

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
        tellReceiversOfHighRisk(event);
        if (event.getType() == EventType.LOGIN) {
            learn(event);
        } else if (event.getType() == EventType.LOGIN_ERROR) {
            countFailure(event);
        }
    }

    /**
     * A sign-in (let in or refused) assessed at high risk is news for the realm's Shared Signals receivers: CAEP
     * {@code risk-level-change} with {@code current_level} {@code HIGH} and the reasons, through Keycloak's transmitter.
     */
    private void tellReceiversOfHighRisk(Event event) {
        if ((event.getType() != EventType.LOGIN && event.getType() != EventType.LOGIN_ERROR) || event.getUserId() == null
                || event.getDetails() == null || !"high".equals(event.getDetails().get(Assessment.EVENT_LEVEL))) {
            return;
        }
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        if (realm == null || !CaepOut.enabled(realm)) {
            return;
        }
        UserModel user = session.users().getUserById(realm, event.getUserId());
        CaepOut.riskHigh(session, realm, user, String.valueOf(event.getDetails().get(Assessment.EVENT_REASONS)));
    }

    private void learn(Event event) {
        if (event.getUserId() == null) {
            return;
        }
        Optional<PendingSignIn> pending = PendingSignIn.takeOver(session, event.getUserId());
        if (pending.isEmpty()) {
            return;
        }
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        UserModel user = realm == null ? null : session.users().getUserById(realm, event.getUserId());
        if (user == null) {
            return;
        }
        String deviceId = pending.get().deviceId();
        if (pending.get().browser()) {
            deviceId = RecognisedBrowser.remember(session, realm, user, RecognisedBrowser.read(session, realm, user));
        }
        new SignInHistoryStore(session).record(realm.getId(), user.getId(), pending.get().toPastSignIn(deviceId),
                pending.get().riskLevel(), pending.get().historySize(), Duration.ofDays(pending.get().retentionDays()),
                pending.get().prune());
    }

    private void countFailure(Event event) {
        // A refusal by a rule is not a failed attempt: only failed credentials and unknown users count.
        if (Errors.ACCESS_DENIED.equals(event.getError()) || Errors.NOT_ALLOWED.equals(event.getError())) {
            return;
        }
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        if (realm == null) {
            return;
        }
        // Realms that do not assess risk do not pay for counting.
        Optional<RiskStepConfig> config = RealmRiskConfig.find(realm);
        if (config.isEmpty()) {
            return;
        }
        Duration window = config.get().risk().failureVelocity().window();
        FailureCounters counters = new FailureCounters(session);
        if (event.getUserId() != null) {
            counters.failedForUser(realm.getId(), event.getUserId(), window);
        }
        SignInLocation location = SignInLocation.of(session, realm, event.getIpAddress());
        location.address().ifPresent(a -> counters.failedFrom(realm.getId(), a, window));
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
    }

    @Override
    public void close() {
    }
}
