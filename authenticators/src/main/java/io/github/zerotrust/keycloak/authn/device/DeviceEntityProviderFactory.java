package io.github.zerotrust.keycloak.authn.device;

import java.util.List;
import org.keycloak.Config;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Registers the device registry's table. Liquibase records this changelog in
 * {@code DATABASECHANGELOG_ZTDEVICE}, named after the first letters of this factory's id.
 */
public final class DeviceEntityProviderFactory implements JpaEntityProviderFactory, JpaEntityProvider {

    public static final String ID = "zt-device";

    @Override
    public JpaEntityProvider create(KeycloakSession session) {
        return this;
    }

    @Override
    public List<Class<?>> getEntities() {
        return List.of(DeviceEntity.class);
    }

    @Override
    public String getChangelogLocation() {
        return "META-INF/zero-trust/device-changelog.xml";
    }

    @Override
    public String getFactoryId() {
        return ID;
    }

    @Override
    public void init(Config.Scope config) {
    }

    /** A removed user or realm takes its devices with it. */
    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof UserModel.UserRemovedEvent removed) {
                new DeviceStore(removed.getKeycloakSession()).forgetOwner(removed.getRealm().getId(), removed.getUser().getId());
            } else if (event instanceof RealmModel.RealmRemovedEvent removed) {
                new DeviceStore(removed.getKeycloakSession()).forgetRealm(removed.getRealm().getId());
            }
        });
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }
}
