package io.github.zerotrust.keycloak.authn.mfa;

import io.github.zerotrust.keycloak.authn.signin.FlowSteps;
import io.github.zerotrust.keycloak.fido.AuthenticatorPolicy;
import java.util.Optional;
import java.util.stream.Stream;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.RealmModel;

/**
 * The FIDO2 policy a realm enforces at registration: the settings of the first enabled
 * {@code Zero Trust - FIDO2 policy check} in any of its flows (the browser flow first). None: no policy.
 */
final class RealmFido2Policy {

    private RealmFido2Policy() {
    }

    static Optional<AuthenticatorPolicy> of(RealmModel realm) {
        Stream<AuthenticationFlowModel> flows = Stream.concat(Stream.of(realm.getBrowserFlow()),
                realm.getAuthenticationFlowsStream().filter(AuthenticationFlowModel::isTopLevel));
        return FlowSteps.firstConfig(realm, flows, Fido2PolicyCheckFactory.ID).map(AuthenticatorPolicy::parse);
    }
}
