package io.github.zerotrust.keycloak.authn.mfa;

import java.util.List;
import org.keycloak.authentication.Authenticator;
import io.github.zerotrust.keycloak.authn.signin.ZeroTrustAuthenticatorFactory;
import io.github.zerotrust.keycloak.policy.MfaRule;
import io.github.zerotrust.keycloak.policy.StepKinds;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

public final class RequireMfaFactory extends ZeroTrustAuthenticatorFactory {

    public static final String ID = StepKinds.REQUIRE_MFA.providerId();

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getDisplayType() {
        return StepKinds.REQUIRE_MFA.displayName();
    }

    @Override
    public String getHelpText() {
        return "Users it applies to must have a second factor (OTP or passkey). Without one they get a grace period, "
                + "shown as days left, to set one up; then sign-in is refused until IT helps. Follow it with the OTP or "
                + "WebAuthn step; precede it with 'Zero Trust - no enrolment under risk'.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderConfigurationBuilder.create()
                .property().name(MfaRule.Settings.GRACE_DAYS).label("Grace period (days)").type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(Integer.toString(MfaRule.Settings.DEFAULT_GRACE_DAYS)).helpText("Days, from the first time this rule meets a user without a second factor, "
                        + "to set one up (0-" + MfaRule.Settings.MAX_GRACE_DAYS + "; 0 = none).").add()
                .property().name(MfaRule.Settings.SETUP).label("Set up").type(ProviderConfigProperty.LIST_TYPE)
                .options("otp", "webauthn").defaultValue(MfaRule.Settings.DEFAULT_TEXT.get(MfaRule.Settings.SETUP)).helpText("What 'Set up now' enrols: an authenticator app or a security key.").add()
                .build();
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return RequireMfa.SINGLETON;
    }
}
