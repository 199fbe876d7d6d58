package io.github.zerotrust.keycloak.authn.mfa;

import io.github.zerotrust.keycloak.fido.AuthenticatorPolicy;
import io.github.zerotrust.keycloak.fido.Fido2Policy;
import io.github.zerotrust.keycloak.fido.MetadataSource;
import io.github.zerotrust.keycloak.spi.FidoMetadataProvider;
import org.keycloak.models.KeycloakSession;

/** The realm's FIDO2 policy together with the operator's metadata, as it stands for this request. */
final class FidoMetadata {

    private FidoMetadata() {
    }

    static Fido2Policy policy(KeycloakSession session, AuthenticatorPolicy policy) {
        FidoMetadataProvider provider = session.getProvider(FidoMetadataProvider.class);
        return Fido2Policy.of(policy, provider == null ? MetadataSource.State.none() : provider.metadata());
    }
}
