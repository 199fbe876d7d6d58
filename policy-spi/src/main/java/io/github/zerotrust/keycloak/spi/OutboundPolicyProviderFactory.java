package io.github.zerotrust.keycloak.spi;

import org.keycloak.provider.ProviderFactory;

/** Makes {@link OutboundPolicyProvider}s; see {@link OutboundPolicySpi}. */
public interface OutboundPolicyProviderFactory extends ProviderFactory<OutboundPolicyProvider> {
}
