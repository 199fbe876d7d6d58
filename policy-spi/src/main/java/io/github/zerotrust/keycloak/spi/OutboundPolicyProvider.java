package io.github.zerotrust.keycloak.spi;

import io.github.zerotrust.keycloak.outbound.OutboundRules;
import org.keycloak.provider.Provider;

/** The operator's outbound rules for this server. */
public interface OutboundPolicyProvider extends Provider {

    OutboundRules rules();

    @Override
    default void close() {
    }
}
