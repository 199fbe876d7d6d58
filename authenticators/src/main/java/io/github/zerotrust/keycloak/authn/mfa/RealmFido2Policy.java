package io.github.zerotrust.keycloak.authn.mfa;

import io.github.zerotrust.keycloak.fido.AuthenticatorPolicy;
import java.util.Map;
import java.util.Optional;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.RealmModel;

/**
 * The FIDO2 policy a realm enforces at registration: the settings of the first enabled
 * {@code Zero Trust - FIDO2 policy check} in any of its flows (the browser flow first). None: no policy.
 */
final class RealmFido2Policy {

    private RealmFido2Policy() {
    }

    static Optional<AuthenticatorPolicy> of(RealmModel realm) {
        Optional<AuthenticatorPolicy> inBrowserFlow = find(realm, realm.getBrowserFlow());
        if (inBrowserFlow.isPresent()) {
            return inBrowserFlow;
        }
        return realm.getAuthenticationFlowsStream().filter(AuthenticationFlowModel::isTopLevel)
                .map(flow -> find(realm, flow)).flatMap(Optional::stream).findFirst();
    }

    private static Optional<AuthenticatorPolicy> find(RealmModel realm, AuthenticationFlowModel flow) {
        if (flow == null) {
            return Optional.empty();
        }
        for (AuthenticationExecutionModel e : realm.getAuthenticationExecutionsStream(flow.getId()).toList()) {
            if (e.isAuthenticatorFlow()) {
                Optional<AuthenticatorPolicy> nested = find(realm, realm.getAuthenticationFlowById(e.getFlowId()));
                if (nested.isPresent()) {
                    return nested;
                }
            } else if (Fido2PolicyCheckFactory.ID.equals(e.getAuthenticator())
                    && e.getRequirement() != AuthenticationExecutionModel.Requirement.DISABLED) {
                AuthenticatorConfigModel config = e.getAuthenticatorConfig() == null ? null
                        : realm.getAuthenticatorConfigById(e.getAuthenticatorConfig());
                return Optional.of(AuthenticatorPolicy.parse(config == null || config.getConfig() == null ? Map.of() : config.getConfig()));
            }
        }
        return Optional.empty();
    }
}
