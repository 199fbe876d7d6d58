package io.github.zerotrust.keycloak.spi;

import org.keycloak.provider.ProviderFactory;

public interface DevicePostureProviderFactory extends ProviderFactory<DevicePostureProvider> {
}
