package io.github.zerotrust.keycloak.authn.signals;

import io.github.zerotrust.keycloak.authn.elevation.PrivilegedAccounts;
import io.github.zerotrust.keycloak.authn.signals.transmit.CaepOut;
import io.github.zerotrust.keycloak.signals.Action;
import io.github.zerotrust.keycloak.signals.Plan;
import io.github.zerotrust.keycloak.signals.Revocations;
import io.github.zerotrust.keycloak.signals.Signal;
import io.github.zerotrust.keycloak.signals.SignalSettings;
import io.github.zerotrust.keycloak.signals.Subject;
import io.github.zerotrust.keycloak.signals.Trigger;
import io.github.zerotrust.keycloak.spi.KeycloakClock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;
import org.keycloak.credential.CredentialModel;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.services.managers.AuthenticationManager;

/**
 * Carries out what {@link Revocations} decided, in the caller's transaction: the one way the suite ends sessions,
 * revokes tokens and contains accounts, whoever raised the signal (the realm's own events, the suite's decisions,
 * a Shared Signals transmitter, an admin's containment call). Sessions live in Keycloak's clustered session
 * store, so an end taken here holds on every node; a not-before is stored with the user or client.
 *
 * <p>Every signal handled is one {@code CUSTOM_REQUIRED_ACTION} event ({@code custom_required_action=zt-signal}: a type
 * Keycloak saves by default, as the elevation's and the receiver's events) with {@code zt_signal*} details (also when
 * nothing was to be done, with the reason), and counts in {@code zt_signals_total{trigger, source}} and
 * {@code zt_signal_sessions_ended_total{trigger}}. No token, no credential value ever goes into them.
 */
public final class SignalEngine {

    /** The {@code custom_required_action} detail of the signal events. */
    public static final String EVENT_NAME = "zt-signal";
    public static final String SIGNAL = "zt_signal";
    public static final String SOURCE = "zt_signal_source";
    public static final String SUBJECT = "zt_signal_subject";
    public static final String ACTIONS = "zt_signal_actions";
    public static final String OUTCOME = "zt_signal_outcome";
    public static final String SESSIONS_ENDED = "zt_sessions_ended";
    public static final String OFFLINE_SESSIONS_ENDED = "zt_offline_sessions_ended";
    public static final String TOKENS_REVOKED = "zt_tokens_revoked";
    public static final String DEVICE_ID = "zt_device_id";
    public static final String CLIENT = "zt_signal_client";
    static final String SIGNALS_METRIC = "zt_signals";
    static final String SESSIONS_METRIC = "zt_signal_sessions_ended";

    /** Second factors a re-registration removes: a user signs in with the password and registers new ones. */
    private static final Set<String> FACTOR_TYPES = Set.of("otp", "webauthn", "webauthn-passwordless", "recovery-authn-codes");
    private static final Logger LOG = Logger.getLogger(SignalEngine.class);

    private SignalEngine() {
    }

    /** Plans with the realm's settings ({@code zt.signals.*}) and carries the plan out. */
    public static Outcome handle(KeycloakSession session, RealmModel realm, Signal signal, Map<String, String> details) {
        SignalSettings settings = SignalSettings.parse(realm.getAttributes());
        boolean privileged = false;
        if (signal.trigger() == Trigger.FACTOR_REGISTERED) {
            UserModel user = signal.subject().user().map(id -> session.users().getUserById(realm, id)).orElse(null);
            privileged = user != null && PrivilegedAccounts.isPrivileged(session, realm, user);
        }
        return apply(session, realm, Revocations.plan(signal, settings, privileged), details);
    }

    public static Outcome apply(KeycloakSession session, RealmModel realm, Plan plan, Map<String, String> details) {
        Run run = new Run(session, realm, plan);
        for (Action action : plan.actions()) {
            try {
                run.take(action);
            } catch (RuntimeException failed) {
                // One action failing (a session removed by another node meanwhile) must not leave the rest undone.
                LOG.warnf("Realm %s: signal %s, action %s failed: %s", realm.getName(), plan.signal().trigger().id(),
                        action.id(), failed.toString());
                run.problems.add(action.id() + " failed");
            }
        }
        Outcome outcome = run.outcome();
        record(session, realm, outcome, details);
        transmit(session, realm, outcome);
        return outcome;
    }

    /** What ended here, told to the realm's Shared Signals receivers (if it transmits; see {@link CaepOut}). */
    private static void transmit(KeycloakSession session, RealmModel realm, Outcome outcome) {
        Signal signal = outcome.plan().signal();
        if (!CaepOut.enabled(realm)) {
            return;
        }
        UserModel user = signal.subject().user().map(id -> session.users().getUserById(realm, id)).orElse(null);
        if (user == null && signal.subject().device().isPresent()) {
            user = DeviceActs.registry().owner(session, realm, signal.subject().device().get())
                    .map(id -> session.users().getUserById(realm, id)).orElse(null);
        }
        String reason = "zero-trust " + signal.trigger().id();
        if (signal.trigger() == Trigger.DEVICE_NON_COMPLIANT) {
            CaepOut.deviceNotCompliant(session, realm, user, reason);
        }
        if (outcome.sessionsEnded() + outcome.offlineSessionsEnded() > 0) {
            CaepOut.sessionRevoked(session, realm, user, reason);
        }
    }

    private static void record(KeycloakSession session, RealmModel realm, Outcome outcome, Map<String, String> details) {
        Plan plan = outcome.plan();
        Signal signal = plan.signal();
        EventBuilder event = session.getContext().getConnection() == null ? new EventBuilder(realm, session)
                : new EventBuilder(realm, session, session.getContext().getConnection());
        event.event(EventType.CUSTOM_REQUIRED_ACTION)
                .detail(Details.CUSTOM_REQUIRED_ACTION, EVENT_NAME)
                .detail(SIGNAL, signal.trigger().id())
                .detail(SOURCE, signal.source())
                .detail(SUBJECT, signal.subject().kind())
                .detail(ACTIONS, plan.actionIds())
                .detail(OUTCOME, plan.isEmpty() ? "no-action: " + plan.whyNone()
                        : outcome.changedAnything() ? "applied" : "nothing-left-to-end")
                .detail(SESSIONS_ENDED, Integer.toString(outcome.sessionsEnded()))
                .detail(OFFLINE_SESSIONS_ENDED, Integer.toString(outcome.offlineSessionsEnded()))
                .detail(TOKENS_REVOKED, Boolean.toString(outcome.tokensRevoked()));
        signal.subject().user().ifPresent(event::user);
        signal.subject().session().ifPresent(event::session);
        signal.subject().device().ifPresent(d -> event.detail(DEVICE_ID, d));
        signal.subject().client().ifPresent(c -> event.detail(CLIENT, c));
        if (details != null) {
            details.forEach(event::detail);
        }
        if (outcome.problems().isEmpty()) {
            event.success();
        } else {
            event.error(String.join(", ", outcome.problems()));
        }
        Counter.builder(SIGNALS_METRIC).description("Signals handled by Keycloak Zero Trust, by trigger and source")
                .tag("trigger", signal.trigger().id()).tag("source", signal.sourceKind())
                .register(Metrics.globalRegistry).increment();
        int ended = outcome.sessionsEnded() + outcome.offlineSessionsEnded();
        if (ended > 0) {
            Counter.builder(SESSIONS_METRIC).description("Sessions ended by signals, by trigger")
                    .tag("trigger", signal.trigger().id()).register(Metrics.globalRegistry).increment(ended);
        }
        if (outcome.changedAnything()) {
            LOG.infof("Realm %s: signal %s from %s: %s (%d session(s), %d offline)", realm.getName(), signal.trigger().id(),
                    signal.sourceKind(), plan.actionIds(), outcome.sessionsEnded(), outcome.offlineSessionsEnded());
        }
    }

    /** One plan being carried out, and what it did. */
    private static final class Run {
        private final KeycloakSession session;
        private final RealmModel realm;
        private final Plan plan;
        private final Subject subject;
        private final UserModel user;
        private final List<String> problems = new ArrayList<>();
        private int sessionsEnded;
        private int offlineEnded;
        private boolean tokensRevoked;
        private boolean disabled;
        private boolean passwordRemoved;
        private int factorsRemoved;
        private boolean deviceRetired;
        private int clientSessionsEnded;

        Run(KeycloakSession session, RealmModel realm, Plan plan) {
            this.session = session;
            this.realm = realm;
            this.plan = plan;
            this.subject = plan.signal().subject();
            this.user = subject.user().map(id -> session.users().getUserById(realm, id)).orElse(null);
        }

        void take(Action action) {
            switch (action) {
                case DISABLE_USER -> {
                    if (user != null && user.isEnabled()) {
                        user.setEnabled(false);
                        disabled = true;
                    }
                }
                case END_SESSION -> endSession(subject.session().orElseThrow());
                case END_USER_SESSIONS -> endUserSessions(Optional.empty());
                case END_OTHER_SESSIONS -> endUserSessions(subject.session());
                case END_OFFLINE_SESSIONS -> endOfflineSessions();
                case REVOKE_USER_TOKENS -> revokeUserTokens();
                case END_DEVICE_SESSIONS -> sessionsEnded += DeviceActs.registry().endSessions(session, realm,
                        subject.user().orElse(null), subject.device().orElseThrow());
                case RETIRE_DEVICE -> deviceRetired |= DeviceActs.registry().retire(session, realm, subject.device().orElseThrow());
                case REVOKE_CLIENT_TOKENS -> revokeClientTokens(subject.client().orElseThrow());
                case REQUIRE_PASSWORD_RESET -> removePassword();
                case REQUIRE_FACTOR_REREGISTRATION -> removeFactors();
            }
        }

        private void endSession(String sessionId) {
            UserSessionModel online = session.sessions().getUserSession(realm, sessionId);
            if (online != null && belongsToSubject(online)) {
                logout(online);
                sessionsEnded++;
            }
            UserSessionModel offline = session.sessions().getOfflineUserSession(realm, sessionId);
            if (offline != null && belongsToSubject(offline)) {
                session.sessions().removeOfflineUserSession(realm, offline);
                offlineEnded++;
            }
        }

        /**
         * Keycloak's logout, with the back-channel logout of the session's clients, needs the HTTP request it runs in;
         * a signal handled outside one (a SET polled by the scheduled poller) removes the session without it.
         */
        private void logout(UserSessionModel userSession) {
            if (inRequest()) {
                AuthenticationManager.backchannelLogout(session, userSession, true);
            } else {
                session.sessions().removeUserSession(realm, userSession);
            }
        }

        /** Whether an HTTP request is there: outside one, Keycloak's context throws rather than answering null. */
        private boolean inRequest() {
            try {
                return session.getContext().getUri() != null;
            } catch (RuntimeException noRequest) {
                return false;
            }
        }

        /** A signal naming a user and a session ends that session only if it is that user's. */
        private boolean belongsToSubject(UserSessionModel userSession) {
            return subject.user().map(id -> userSession.getUser() != null && id.equals(userSession.getUser().getId())).orElse(true);
        }

        private void endUserSessions(Optional<String> keep) {
            if (user == null) {
                return;
            }
            List<UserSessionModel> sessions = session.sessions().getUserSessionsStream(realm, user)
                    .filter(s -> keep.map(k -> !k.equals(s.getId())).orElse(true)).toList();
            for (UserSessionModel userSession : sessions) {
                logout(userSession);
                sessionsEnded++;
            }
        }

        private void endOfflineSessions() {
            if (user == null) {
                return;
            }
            List<UserSessionModel> offline = session.sessions().getOfflineUserSessionsStream(realm, user).toList();
            for (UserSessionModel userSession : offline) {
                session.sessions().removeOfflineUserSession(realm, userSession);
                offlineEnded++;
            }
        }

        /**
         * The user's not-before moves to now: Keycloak refuses every token issued before it. Counted as a revocation
         * when tokens could still be live: a session ended in this plan, or the last push is older than an access
         * token's lifespan (so a repeated call within it reports nothing new).
         */
        private void revokeUserTokens() {
            if (user == null) {
                return;
            }
            int now = (int) KeycloakClock.get().instant().getEpochSecond();
            long before = session.users().getNotBeforeOfUser(realm, user);
            if (before < now) {
                session.users().setNotBeforeForUser(realm, user, now);
                tokensRevoked = sessionsEnded + offlineEnded > 0 || before < now - Math.max(realm.getAccessTokenLifespan(), 1);
            }
        }

        private void revokeClientTokens(String clientId) {
            ClientModel client = realm.getClientByClientId(clientId);
            if (client == null) {
                problems.add("no such client");
                return;
            }
            int now = (int) KeycloakClock.get().instant().getEpochSecond();
            int before = client.getNotBefore();
            if (before < now) {
                client.setNotBefore(now);
            }
            for (UserSessionModel userSession : session.sessions().getUserSessionsStream(realm, client).toList()) {
                AuthenticatedClientSessionModel clientSession = userSession.getAuthenticatedClientSessionByClient(client.getId());
                if (clientSession != null) {
                    if (inRequest()) {
                        // The client hears of it on its back-channel logout URL, if it has one.
                        AuthenticationManager.backchannelLogoutUserSessionFromClient(session, realm, userSession, client,
                                session.getContext().getUri(), session.getContext().getRequestHeaders());
                    }
                    if (userSession.getAuthenticatedClientSessionByClient(client.getId()) != null) {
                        clientSession.detachFromUserSession();
                    }
                    clientSessionsEnded++;
                }
            }
            for (UserSessionModel offline : session.sessions().getOfflineUserSessionsStream(realm, client, null, null).toList()) {
                AuthenticatedClientSessionModel clientSession = offline.getAuthenticatedClientSessionByClient(client.getId());
                if (clientSession != null) {
                    clientSession.detachFromUserSession();
                    clientSessionsEnded++;
                }
            }
            // As for a user: a revocation when tokens could still be live, so a repeated call reports nothing new.
            tokensRevoked = clientSessionsEnded > 0 || before < now - Math.max(realm.getAccessTokenLifespan(), 1);
        }

        private void removePassword() {
            if (user == null) {
                return;
            }
            List<CredentialModel> passwords = user.credentialManager()
                    .getStoredCredentialsByTypeStream(PasswordCredentialModel.TYPE).toList();
            for (CredentialModel password : passwords) {
                user.credentialManager().removeStoredCredentialById(password.getId());
                passwordRemoved = true;
            }
            if (passwordRemoved) {
                user.addRequiredAction(UserModel.RequiredAction.UPDATE_PASSWORD);
            }
        }

        private void removeFactors() {
            if (user == null) {
                return;
            }
            List<CredentialModel> factors = user.credentialManager().getStoredCredentialsStream()
                    .filter(c -> c.getType() != null && FACTOR_TYPES.contains(c.getType())).toList();
            for (CredentialModel factor : factors) {
                user.credentialManager().removeStoredCredentialById(factor.getId());
                factorsRemoved++;
            }
        }

        Outcome outcome() {
            return new Outcome(plan, sessionsEnded, offlineEnded, tokensRevoked, disabled, passwordRemoved, factorsRemoved,
                    deviceRetired, clientSessionsEnded, problems);
        }
    }
}
