package io.github.zerotrust.keycloak.authn.device;

import io.github.zerotrust.keycloak.authn.signin.FlowStep;
import io.github.zerotrust.keycloak.policy.Action;
import io.github.zerotrust.keycloak.policy.StepKinds;
import java.util.Optional;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.services.managers.AuthenticationManager;
import io.github.zerotrust.keycloak.spi.KeycloakClock;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Lets a device below the required trust in, but restricted: the session is marked ({@code zt.device.restricted},
 * which the token mapper and refresh rules read), offline access is refused, and so are the listed
 * applications and scopes. Without a device verdict in the flow the device counts as unmanaged.
 */
final class RestrictUnmanaged implements Authenticator {

    static final RestrictUnmanaged SINGLETON = new RestrictUnmanaged();
    /** User-session note read by the token mapper and the refresh cap: {@code true} or {@code false}. */
    static final String RESTRICTED_NOTE = "zt.device.restricted";
    /**
     * User-session note: when the user last signed in with their credentials (epoch seconds), not with the SSO
     * cookie. The refresh cap lets a restricted session's code through only right after such a sign-in.
     */
    static final String SIGNED_IN_AT_NOTE = "zt.device.signed-in-at";

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        FlowStep step = FlowStep.of(context, StepKinds.RESTRICT_UNMANAGED);
        Optional<Action> action = step.action();
        // A sign-in again (prompt=login, step-up) keeps the SSO session: a trusted device lifts an earlier mark from it.
        boolean restricted = step.decision().acts();
        context.getAuthenticationSession().setUserSessionNote(RESTRICTED_NOTE, Boolean.toString(restricted));
        if (!"true".equals(context.getAuthenticationSession().getAuthNote(AuthenticationManager.SSO_AUTH))) {
            context.getAuthenticationSession().setUserSessionNote(SIGNED_IN_AT_NOTE,
                    Long.toString(KeycloakClock.get().instant().getEpochSecond()));
        }
        if (action.isPresent() && action.get() instanceof Action.Deny deny) {
            step.refuse(deny, null);
            return;
        }
        context.success();
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        authenticate(context);
    }

    @Override
    public boolean requiresUser() {
        return false;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }
}
