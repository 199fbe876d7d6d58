package io.github.zerotrust.keycloak.authn.mfa;

import io.github.zerotrust.keycloak.authn.signin.ZeroTrustAuthenticatorFactory;
import io.github.zerotrust.keycloak.fido.AuthenticatorPolicy;
import java.util.List;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

public final class Fido2PolicyCheckFactory extends ZeroTrustAuthenticatorFactory {

    public static final String ID = "zt-fido2-policy";

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getDisplayType() {
        return "Zero Trust - FIDO2 policy check";
    }

    @Override
    public String getHelpText() {
        return "Right after a WebAuthn step: the security key or passkey just used must be an allowed model (by AAGUID) "
                + "with attestation if required. A key registered before the policy tightened is refused with a page that "
                + "says to replace it.";
    }

    /** The screen shows the core's defaults. */
    private static final AuthenticatorPolicy DEFAULTS = AuthenticatorPolicy.defaults();

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderConfigurationBuilder.create()
                .property().name(AuthenticatorPolicy.ALLOWED_AAGUIDS).label("Allowed models (AAGUIDs)")
                .type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Comma-separated AAGUIDs; empty allows any model not denied. An unreadable list allows nothing.").add()
                .property().name(AuthenticatorPolicy.DENIED_AAGUIDS).label("Denied models (AAGUIDs)")
                .type(ProviderConfigProperty.STRING_TYPE).helpText("Comma-separated AAGUIDs, refused even if allowed.").add()
                .property().name(AuthenticatorPolicy.REQUIRE_ATTESTATION).label("Require attestation")
                .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue(String.valueOf(DEFAULTS.requireAttestation()))
                .helpText("Refuse keys registered without attestation (format 'none'), whose model cannot be proven.").add()
                .property().name(AuthenticatorPolicy.MINIMUM_LEVEL).label("Minimum certification level")
                .type(ProviderConfigProperty.LIST_TYPE).options("none", "L1", "L1+", "L2", "L2+", "L3", "L3+")
                .defaultValue(DEFAULTS.minimumLevel().label())
                .helpText("FIDO certification a model needs, from the metadata BLOB (zt-fido-metadata SPI); 'none': any.").add()
                .property().name(AuthenticatorPolicy.REFUSE_COMPROMISED).label("Refuse compromised models")
                .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue(String.valueOf(DEFAULTS.refuseCompromised()))
                .helpText("Refuse a model the metadata BLOB reports compromised, at registration and at each sign-in.").add()
                .property().name(AuthenticatorPolicy.REQUIRE_METADATA).label("Require metadata")
                .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue(String.valueOf(DEFAULTS.requireMetadata()))
                .helpText("Refuse a model the metadata BLOB does not list.").add()
                .build();
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return Fido2PolicyCheck.SINGLETON;
    }
}
