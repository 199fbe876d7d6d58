package io.github.zerotrust.keycloak.authn.mfa;

import com.webauthn4j.verifier.attestation.trustworthiness.certpath.CertPathTrustworthinessVerifier;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.requiredactions.WebAuthnPasswordlessRegister;
import org.keycloak.authentication.requiredactions.WebAuthnPasswordlessRegisterFactory;
import org.keycloak.authentication.requiredactions.WebAuthnRegister;
import org.keycloak.models.KeycloakSession;

/** Keycloak's {@code webauthn-register-passwordless} (passkeys), with the realm's FIDO2 policy applied first. */
public final class PolicyEnforcingPasswordlessRegisterFactory extends WebAuthnPasswordlessRegisterFactory {

    @Override
    protected WebAuthnRegister createProvider(KeycloakSession session, CertPathTrustworthinessVerifier trustVerifier) {
        return new WebAuthnPasswordlessRegister(session, trustVerifier) {
            @Override
            public void processAction(RequiredActionContext context) {
                PolicyRegistration.register(context, () -> super.processAction(context));
            }
        };
    }
}
