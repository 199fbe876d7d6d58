package io.github.zerotrust.keycloak.authn;

import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionProviderModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;

/**
 * Registers {@link SignInDetailsAction} in every realm (at start-up and when a realm is created),
 * so admins have nothing to switch on. Registration problems are logged, never fatal.
 */
public final class SignInDetailsActionFactory implements RequiredActionFactory {

    public static final String ID = "zt-sign-in-details";
    private static final Logger LOG = Logger.getLogger(SignInDetailsActionFactory.class);

    @Override
    public RequiredActionProvider create(KeycloakSession session) {
        return SignInDetailsAction.SINGLETON;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                try {
                    KeycloakModelUtils.runJobInTransaction(factory, session ->
                            session.realms().getRealmsStream().forEach(SignInDetailsActionFactory::register));
                } catch (RuntimeException e) {
                    // Another node registering at the same moment: it has done the job.
                    LOG.debugf("Registering %s at start-up: %s", ID, e.getMessage());
                }
            } else if (event instanceof RealmModel.RealmPostCreateEvent created) {
                register(created.getCreatedRealm());
            }
        });
    }

    static void register(RealmModel realm) {
        if (realm.getRequiredActionProviderByAlias(ID) != null) {
            return;
        }
        RequiredActionProviderModel model = new RequiredActionProviderModel();
        model.setAlias(ID);
        model.setProviderId(ID);
        model.setName("Zero Trust - sign-in details in events");
        model.setEnabled(true);
        model.setDefaultAction(false);
        model.setPriority(1000);
        realm.addRequiredActionProvider(model);
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getDisplayText() {
        return "Zero Trust - sign-in details in events";
    }

    @Override
    public boolean isOneTimeAction() {
        return false;
    }
}
