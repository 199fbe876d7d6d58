package io.github.zerotrust.keycloak.authn.device;

import io.github.zerotrust.keycloak.device.Posture;
import io.github.zerotrust.keycloak.spi.DevicePostureProvider;
import io.github.zerotrust.keycloak.spi.DevicePostureProviderFactory;
import io.github.zerotrust.keycloak.spi.KeycloakClock;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * {@code signed-token}: a posture JWT presented at sign-in, checked by {@link PostureTokenVerifier}. A token
 * that is there but does not verify is a refusal (never failed open); no token is "not known here".
 */
public final class SignedTokenPostureProviderFactory implements DevicePostureProviderFactory {

    public static final String ID = Posture.SIGNED_TOKEN;
    static final String MAX_BYTES = "max-bytes";
    static final int DEFAULT_MAX_BYTES = 8192;

    private int maxBytes = DEFAULT_MAX_BYTES;
    private Clock clock = KeycloakClock.get();

    @Override
    public DevicePostureProvider create(KeycloakSession session) {
        PostureTokenVerifier verifier = new PostureTokenVerifier(maxBytes, clock);
        return query -> query.postureToken().isEmpty() ? Optional.empty()
                : Optional.of(verifier.verify(session, query, query.postureToken().get()));
    }

    void clock(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void init(Config.Scope config) {
        maxBytes = Math.max(512, Math.min(65_536, PostureSourceOptions.number(config, ID, MAX_BYTES, DEFAULT_MAX_BYTES)));
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(MAX_BYTES).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(DEFAULT_MAX_BYTES)
                .helpText("Longer posture tokens are refused (512-65536).").add()
                .build();
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
