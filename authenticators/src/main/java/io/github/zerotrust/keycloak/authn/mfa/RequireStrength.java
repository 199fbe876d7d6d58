package io.github.zerotrust.keycloak.authn.mfa;

import io.github.zerotrust.keycloak.authn.signin.FlowStep;
import io.github.zerotrust.keycloak.policy.Action;
import io.github.zerotrust.keycloak.policy.StepKinds;
import java.util.Optional;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.authenticators.util.AcrStore;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Raises the level of authentication a sign-in must reach, for chosen users, apps or risk: the
 * same mechanism as an app asking with {@code acr_values}, so Keycloak's own level conditions run the
 * stronger steps and the token's {@code acr} says what was reached. An SSO sign-in whose session is
 * below the level is stepped up, not waved through.
 *
 * <p>Place it first in the browser flow (it finds the user of an SSO sign-in from the session
 * cookie, before the cookie step decides) and again right after the username step (the user of a
 * fresh sign-in is known only then).
 */
final class RequireStrength implements Authenticator {

    static final RequireStrength SINGLETON = new RequireStrength();
    static final String STEP_UP_MESSAGE = "ztStrongerSignInNeeded";
    private static final String STEP_UP_NOTE = "zt.step-up";

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        AuthenticationManager.AuthResult sso = context.getUser() == null ? sso(context) : null;
        FlowStep step = FlowStep.of(context, StepKinds.REQUIRE_STRENGTH, sso != null ? sso.user() : context.getUser());
        Optional<Action> action = step.action();
        if (action.isPresent() && action.get() instanceof Action.Deny deny) {
            step.refuse(deny, null);
            return;
        }
        if (action.isPresent() && action.get() instanceof Action.StepUp stepUp) {
            raise(context.getAuthenticationSession(), step.facts().assurance().requestedLevel(), stepUp.level());
        }
        if (sso != null && steppedUp(context, sso)) {
            context.setForwardedInfoMessage(STEP_UP_MESSAGE);
            context.getAuthenticationSession().setAuthNote(STEP_UP_NOTE, "true");
        }
        context.success();
    }

    /**
     * On a registration page reached by a step-up (a key to register before the stronger sign-in can
     * happen), the same explanation: required-action pages do not carry the flow's forwarded message.
     */
    static void explainStepUp(RequiredActionContext context) {
        if (context.getAuthenticationSession().getAuthNote(STEP_UP_NOTE) != null) {
            context.form().setInfo(STEP_UP_MESSAGE);
        }
    }

    /**
     * Whether the SSO session falls short of what this sign-in needs (asked by the app or raised by a
     * rule), so the cookie step will step it up: the user is told why they are asked again.
     */
    private static boolean steppedUp(AuthenticationFlowContext context, AuthenticationManager.AuthResult sso) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        // The cookie step copies the session's levels the same way before it compares them.
        authSession.setAuthNote(Constants.LOA_MAP, sso.session().getNote(Constants.LOA_MAP));
        AcrStore acr = new AcrStore(context.getSession(), authSession);
        int previous = acr.getHighestAuthenticatedLevelFromPreviousAuthentication(context.getTopLevelFlow().getId());
        return acr.getRequestedLevelOfAuthentication(context.getTopLevelFlow()) > previous;
    }

    /** Asks for the level as {@code acr_values} would; a higher level already asked for stays. */
    private static void raise(AuthenticationSessionModel authSession, int current, int level) {
        if (level > current) {
            authSession.setClientNote(Constants.REQUESTED_LEVEL_OF_AUTHENTICATION, Integer.toString(level));
        }
    }

    /** The SSO session the cookie names, as the cookie step will find it; null without one. */
    private static AuthenticationManager.AuthResult sso(AuthenticationFlowContext context) {
        return AuthenticationManager.authenticateIdentityCookie(context.getSession(), context.getRealm(), true);
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
