package io.github.zerotrust.keycloak.spi;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/**
 * Where the suite may call out to (webhooks, MDM and ticketing APIs): the operator's rule, set with
 * {@code --spi-zt-outbound--default--allowed-hosts=...}; realm admins only choose URLs within it.
 */
public final class OutboundPolicySpi implements Spi {

    public static final String NAME = "zt-outbound";

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return OutboundPolicyProvider.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return OutboundPolicyProviderFactory.class;
    }
}
