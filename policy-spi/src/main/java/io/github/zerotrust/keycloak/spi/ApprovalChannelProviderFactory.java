package io.github.zerotrust.keycloak.spi;

import org.keycloak.provider.ProviderFactory;

/** Makes {@link ApprovalChannelProvider}s; see {@link ApprovalChannelSpi}. */
public interface ApprovalChannelProviderFactory extends ProviderFactory<ApprovalChannelProvider> {
}
