package io.github.zerotrust.keycloak.authn.mfa;

import io.github.zerotrust.keycloak.authn.signin.EventDetails;
import io.github.zerotrust.keycloak.authn.signin.FlowStep;
import io.github.zerotrust.keycloak.policy.StepKinds;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.OAuthErrorException;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.Authenticator;
import org.keycloak.events.Errors;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.idm.OAuth2ErrorRepresentation;

/**
 * Refuses the password grant for every client not listed. It runs before the password is checked,
 * so the grant cannot be used to try passwords either.
 */
final class PasswordGrantBlock implements Authenticator {

    static final PasswordGrantBlock SINGLETON = new PasswordGrantBlock();
    static final String MESSAGE = "Password sign-in for this application is turned off by your organisation; "
            + "sign in through the browser instead.";

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        FlowStep step = FlowStep.of(context, StepKinds.BLOCK_PASSWORD_GRANT);
        if (step.action().isEmpty()) {
            context.success();
            return;
        }
        // Not the refusal page: an OAuth client error that says the grant itself is off, and not a failed sign-in.
        context.getEvent()
                .detail(EventDetails.RULE, step.rule())
                .detail(EventDetails.REASON, step.decision().verdict().detail())
                .detail(EventDetails.OUTCOME, "deny")
                .error(Errors.NOT_ALLOWED);
        Response response = Response.status(Response.Status.BAD_REQUEST)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new OAuth2ErrorRepresentation(OAuthErrorException.UNAUTHORIZED_CLIENT, MESSAGE))
                .build();
        context.failure(AuthenticationFlowError.ACCESS_DENIED, response);
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
