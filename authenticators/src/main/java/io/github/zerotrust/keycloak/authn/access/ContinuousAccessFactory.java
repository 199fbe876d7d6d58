package io.github.zerotrust.keycloak.authn.access;

import io.github.zerotrust.keycloak.signals.RefreshChecks;
import java.util.List;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProviderFactory;

/** Client-policy executor {@code zt-continuous-access}: every refresh is judged again by the realm's rules. */
public final class ContinuousAccessFactory implements ClientPolicyExecutorProviderFactory {

    public static final String ID = "zt-continuous-access";

    @Override
    public ClientPolicyExecutorProvider<?> create(KeycloakSession session) {
        return new ContinuousAccess(session);
    }

    @Override
    public String getHelpText() {
        return "Judges every token refresh (online and offline) by the rules of the flow the session signed in through, with "
                + "the refresh's facts: its address (country, zones), the device's standing now, the user's risk now. A refresh "
                + "those rules would now refuse gets invalid_grant and its session ends.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        RefreshChecks defaults = RefreshChecks.defaults();
        return ProviderConfigurationBuilder.create()
                .property().name(RefreshChecks.LOCATION).label("Re-check location")
                .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue(Boolean.toString(defaults.location()))
                .helpText("Judge the refresh's address (country, network zones) by the realm's rules. Off: the address the "
                        + "session signed in from is used.").add()
                .property().name(RefreshChecks.DEVICE).label("Re-check device")
                .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue(Boolean.toString(defaults.device()))
                .helpText("Judge the session's device by its standing in the device registry now. Off: its standing at "
                        + "sign-in is used.").add()
                .property().name(RefreshChecks.RISK).label("Re-check risk")
                .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue(Boolean.toString(defaults.risk()))
                .helpText("Score the user's risk again for the refresh. Off: the sign-in's assessment is used.").add()
                .property().name(RefreshChecks.STRICT_LOCATION).label("Strict location")
                .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue(Boolean.toString(defaults.strictLocation()))
                .helpText("Refuse a refresh from outside the network zones the sign-in was in (a sign-in in no zone: from "
                        + "another address), even where the realm's rules would allow it.").add()
                .property().name(RefreshChecks.CONFIDENTIAL_CLIENTS).label("Address of a confidential client's refresh")
                .type(ProviderConfigProperty.LIST_TYPE).options("sign-in-address", "request-address")
                .defaultValue(defaults.confidentialClients().id())
                .helpText("A confidential client refreshes from its own server, so the request's address is not the user's. "
                        + "sign-in-address: judge its refreshes with the address the session signed in from (device and risk "
                        + "are still re-checked); request-address: with the request's (apps with a secret that run on the "
                        + "user's device).").add()
                .build();
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }
}
