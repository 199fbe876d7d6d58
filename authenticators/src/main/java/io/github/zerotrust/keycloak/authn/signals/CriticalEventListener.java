package io.github.zerotrust.keycloak.authn.signals;

import io.github.zerotrust.keycloak.signals.CriticalEvents;
import io.github.zerotrust.keycloak.signals.Signal;
import io.github.zerotrust.keycloak.signals.Subject;
import io.github.zerotrust.keycloak.signals.Trigger;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import io.github.zerotrust.keycloak.authn.signals.transmit.AssuranceChanges;
import org.keycloak.events.Event;
import org.keycloak.events.EventType;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Turns Keycloak's own critical events into signals for {@link SignalEngine}: a password changed or reset, a
 * credential removed, a factor registered, an account disabled, deleted or signed out by an admin. Global, so it
 * hears every realm without being added to its listeners; Keycloak hands listeners every user and admin event
 * whether or not the realm saves them. Runs inside the request's transaction: the change and the sessions it ends
 * commit together.
 */
final class CriticalEventListener implements EventListenerProvider {

    /** Detail: the Keycloak event that raised the signal (its type, or the admin operation and resource kind). */
    static final String KEYCLOAK_EVENT = "zt_keycloak_event";
    /** One change often tells of itself twice (UPDATE_PASSWORD and UPDATE_CREDENTIAL): one signal per request. */
    private static final String HANDLED = CriticalEventListener.class.getName() + ".handled";

    private final KeycloakSession session;

    CriticalEventListener(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void onEvent(Event event) {
        if (event.getUserId() == null || event.getRealmId() == null || event.getError() != null) {
            return;
        }
        if (event.getType() == EventType.LOGIN) {
            RealmModel realm = session.realms().getRealm(event.getRealmId());
            if (realm != null) {
                AssuranceChanges.afterSignIn(session, realm, event.getUserId(), event.getSessionId());
            }
            return;
        }
        Optional<Trigger> trigger = CriticalEvents.ofUserEvent(event.getType() == null ? null : event.getType().name(),
                event.getDetails());
        if (trigger.isEmpty()) {
            return;
        }
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        if (realm == null || !firstInThisRequest(trigger.get(), event.getUserId())) {
            return;
        }
        // The user's own change keeps the session it was made in; an unknown session keeps nothing (fail closed).
        Subject subject = keptSession(event).map(s -> Subject.session(event.getUserId(), s))
                .orElseGet(() -> Subject.user(event.getUserId()));
        SignalEngine.handle(session, realm, new Signal(trigger.get(), subject, Signal.KEYCLOAK),
                Map.of(KEYCLOAK_EVENT, event.getType().name()));
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        if (event.getRealmId() == null || event.getOperationType() == null || event.getError() != null) {
            return;
        }
        Optional<CriticalEvents.AdminChange> change = CriticalEvents.ofAdminEvent(event.getOperationType().name(),
                event.getResourcePath());
        if (change.isEmpty()) {
            return;
        }
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        if (realm == null) {
            return;
        }
        Trigger trigger = change.get().trigger();
        String userId = change.get().userId();
        if (trigger == Trigger.USER_DISABLED) {
            // The model, not the representation (absent unless the realm stores details, and only what was sent).
            UserModel user = session.users().getUserById(realm, userId);
            if (user == null || user.isEnabled()) {
                return;
            }
        }
        if (!firstInThisRequest(trigger, userId)) {
            return;
        }
        SignalEngine.handle(session, realm, new Signal(trigger, Subject.user(userId), Signal.KEYCLOAK),
                Map.of(KEYCLOAK_EVENT, "admin:" + event.getOperationType().name() + ":" + event.getResourceTypeAsString()));
    }

    /**
     * The session the change was made in: the event's, else the browser's (a required action's user session has
     * the id of its root authentication session).
     */
    private Optional<String> keptSession(Event event) {
        if (event.getSessionId() != null && !event.getSessionId().isBlank()) {
            return Optional.of(event.getSessionId());
        }
        AuthenticationSessionModel authSession = session.getContext().getAuthenticationSession();
        if (authSession == null || authSession.getParentSession() == null || authSession.getAuthenticatedUser() == null
                || !event.getUserId().equals(authSession.getAuthenticatedUser().getId())) {
            return Optional.empty();
        }
        return Optional.ofNullable(authSession.getParentSession().getId());
    }

    private boolean firstInThisRequest(Trigger trigger, String userId) {
        @SuppressWarnings("unchecked")
        Set<String> handled = session.getAttribute(HANDLED, Set.class);
        if (handled == null) {
            handled = new HashSet<>();
            session.setAttribute(HANDLED, handled);
        }
        return handled.add(trigger.id() + ":" + userId);
    }

    @Override
    public void close() {
    }
}
