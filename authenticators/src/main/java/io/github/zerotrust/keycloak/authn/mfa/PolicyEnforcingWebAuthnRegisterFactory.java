package io.github.zerotrust.keycloak.authn.mfa;

import com.webauthn4j.verifier.attestation.trustworthiness.certpath.CertPathTrustworthinessVerifier;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.requiredactions.WebAuthnRegister;
import org.keycloak.authentication.requiredactions.WebAuthnRegisterFactory;
import org.keycloak.models.KeycloakSession;

/**
 * Keycloak's {@code webauthn-register} (security key as a second factor), with the realm's FIDO2
 * policy applied first. Same provider id: Keycloak prefers a deployed factory over its built-in one
 * with the same id, so realms need no change; without a policy it behaves exactly as Keycloak's.
 */
public final class PolicyEnforcingWebAuthnRegisterFactory extends WebAuthnRegisterFactory {

    @Override
    protected WebAuthnRegister createProvider(KeycloakSession session, CertPathTrustworthinessVerifier trustVerifier) {
        return new WebAuthnRegister(session, trustVerifier) {
            @Override
            public void requiredActionChallenge(RequiredActionContext context) {
                RequireStrength.explainStepUp(context);
                super.requiredActionChallenge(context);
            }

            @Override
            public void processAction(RequiredActionContext context) {
                PolicyRegistration.register(context, () -> super.processAction(context));
            }
        };
    }
}
