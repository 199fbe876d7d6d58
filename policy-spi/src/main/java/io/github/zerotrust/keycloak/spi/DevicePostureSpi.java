package io.github.zerotrust.keycloak.spi;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/**
 * Where a device's posture comes from: {@code registry} (pushed by an agent or MDM), {@code signed-token}
 * (a posture JWT presented at sign-in) and {@code mdm-http} (asked from an MDM API). The device step asks
 * the sources its configuration names, in order; options are {@code --spi-zt-posture-source--<id>--<key>}.
 * The SPI was called {@value #OLD_NAME} before, the id the device step keeps (stored in flows); options
 * under the old name are still read, after the new ones.
 */
public final class DevicePostureSpi implements Spi {

    public static final String NAME = "zt-posture-source";
    /** The name before: options {@code --spi-zt-device-posture--<id>--<key>} still work. */
    public static final String OLD_NAME = "zt-device-posture";

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
        return DevicePostureProvider.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return DevicePostureProviderFactory.class;
    }
}
