package io.github.zerotrust.keycloak.authn;

import io.github.zerotrust.keycloak.authn.signin.SignInNotes;
import org.keycloak.authentication.InitiatedActionSupport;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;

/**
 * Never asks the user anything. Keycloak evaluates required-action triggers with the very event it
 * then fires as {@code LOGIN}: this is where a sign-in that spanned several requests gets the
 * zero-trust details recorded in its earlier requests (see {@link SignInNotes}).
 */
final class SignInDetailsAction implements RequiredActionProvider {

    static final SignInDetailsAction SINGLETON = new SignInDetailsAction();

    @Override
    public InitiatedActionSupport initiatedActionSupport() {
        return InitiatedActionSupport.NOT_SUPPORTED;
    }

    @Override
    public void evaluateTriggers(RequiredActionContext context) {
        if (context.getAuthenticationSession() != null && context.getEvent() != null) {
            SignInNotes.addTo(context.getAuthenticationSession(), context.getEvent());
        }
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        context.success();
    }

    @Override
    public void processAction(RequiredActionContext context) {
        context.success();
    }

    @Override
    public void close() {
    }
}
