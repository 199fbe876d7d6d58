package io.github.zerotrust.keycloak.authn.guest;

import io.github.zerotrust.keycloak.authn.signin.RefusingStep;
import io.github.zerotrust.keycloak.authn.signin.ZeroTrustAuthenticatorFactory;
import io.github.zerotrust.keycloak.policy.GuestAccessRule;
import io.github.zerotrust.keycloak.policy.StepKinds;
import java.util.List;
import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * {@code zt-guest-access}. Its server option {@code --spi-authenticator--zt-guest-access--expiry-interval-seconds}
 * (default {@value #DEFAULT_INTERVAL}, 1 to 3600) sets how often the guest expiry turn runs on each node.
 */
public final class GuestAccessFactory extends ZeroTrustAuthenticatorFactory {

    /** Refuses a guest past his end date, or without a sponsor and end date he cannot change; everyone else passes. */
    private static final Authenticator STEP = new RefusingStep(StepKinds.GUEST_ACCESS);

    public static final String ID = StepKinds.GUEST_ACCESS.providerId();
    static final String INTERVAL = "expiry-interval-seconds";
    static final int DEFAULT_INTERVAL = 60;

    private int interval = DEFAULT_INTERVAL;
    private GuestExpiry expiry;

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getDisplayType() {
        return StepKinds.GUEST_ACCESS.displayName();
    }

    @Override
    public String getHelpText() {
        return "Refuses a guest (a member of the guests group, or a user of a partner's identity provider) whose access has"
                + " ended, or who has no sponsor and end date; everyone else passes. Place it after the user is known, beside"
                + " the sign-in sub-flow so SSO sign-ins are judged too.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderConfigurationBuilder.create()
                .property().name(GuestAccessRule.Settings.MISSING_RECORD).label("Guest without a sponsor or end date")
                .type(ProviderConfigProperty.LIST_TYPE).options("deny", "allow")
                .defaultValue(GuestAccessRule.Settings.DEFAULT_TEXT.get(GuestAccessRule.Settings.MISSING_RECORD))
                .helpText("'deny' (default) refuses a guest until an admin sets his sponsor and end date; 'allow' lets him in"
                        + " meanwhile. A guest past his end date is refused either way.")
                .add()
                .build();
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return STEP;
    }

    @Override
    public void init(Config.Scope config) {
        interval = Math.max(1, Math.min(3600, config.getInt(INTERVAL, DEFAULT_INTERVAL)));
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        expiry = GuestExpiry.start(factory, interval);
    }

    @Override
    public void close() {
        if (expiry != null) {
            expiry.stop();
        }
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(INTERVAL).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(DEFAULT_INTERVAL)
                .helpText("Seconds between guest expiry turns on each node (one node does each turn). Default 60.").add()
                .build();
    }
}
