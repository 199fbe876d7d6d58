package io.github.zerotrust.keycloak.authn.risk;

import java.util.List;
import org.keycloak.authentication.Authenticator;
import io.github.zerotrust.keycloak.authn.signin.RefusingStep;
import io.github.zerotrust.keycloak.authn.signin.ZeroTrustAuthenticatorFactory;
import io.github.zerotrust.keycloak.policy.EnrolmentGuardRule;
import io.github.zerotrust.keycloak.policy.StepKinds;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

public final class EnrolmentGuardFactory extends ZeroTrustAuthenticatorFactory {

    /**
     * Never enrol a new factor while risk is elevated: whoever holds a stolen password must not be able to register
     * their own authenticator. A user with no second factor yet (or about to be asked to set one up) at or above the
     * level is refused with a page that says to contact IT; everyone else passes. Without an assessment in the flow it
     * refuses too (fail closed).
     */
    private static final Authenticator STEP = new RefusingStep(StepKinds.ENROLMENT_GUARD);

    public static final String ID = StepKinds.ENROLMENT_GUARD.providerId();

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getDisplayType() {
        return StepKinds.ENROLMENT_GUARD.displayName();
    }

    @Override
    public String getHelpText() {
        return "Place just before an OTP or WebAuthn step: a user who would have to set up a new factor while the "
                + "sign-in's risk is at or above the level is refused and told to contact IT.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderConfigurationBuilder.create()
                .property().name(EnrolmentGuardRule.Settings.LEVEL).label("Refuse enrolment from risk").type(ProviderConfigProperty.LIST_TYPE)
                .options("medium", "high").defaultValue(EnrolmentGuardRule.Settings.DEFAULT_TEXT.get(EnrolmentGuardRule.Settings.LEVEL)).add()
                .build();
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return STEP;
    }
}
