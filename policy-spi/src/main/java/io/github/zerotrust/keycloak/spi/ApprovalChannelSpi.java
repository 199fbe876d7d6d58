package io.github.zerotrust.keycloak.spi;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/**
 * How approvers hear of a request, and, for a channel that can, how their decision comes back: {@code email}
 * (default: Keycloak's e-mail to the approvers) and {@code signed-webhook} (the request posted to a chat or ticketing
 * tool, a signed decision accepted back). Options are {@code --spi-zt-elevation-approval--<id>--<key>}; the channels
 * in use are named by {@code --spi-zt-elevation--default--approval-channels}.
 */
public final class ApprovalChannelSpi implements Spi {

    public static final String NAME = "zt-elevation-approval";

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
        return ApprovalChannelProvider.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return ApprovalChannelProviderFactory.class;
    }
}
