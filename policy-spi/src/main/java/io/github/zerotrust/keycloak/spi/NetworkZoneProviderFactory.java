package io.github.zerotrust.keycloak.spi;

import org.keycloak.component.ComponentFactory;

public interface NetworkZoneProviderFactory extends ComponentFactory<NetworkZoneProvider, NetworkZoneProvider> {
}
