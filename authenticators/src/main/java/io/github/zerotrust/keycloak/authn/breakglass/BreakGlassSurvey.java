package io.github.zerotrust.keycloak.authn.breakglass;

import io.github.zerotrust.keycloak.breakglass.EmergencyAccess;
import io.github.zerotrust.keycloak.breakglass.EmergencyAccount;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.keycloak.Config;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.AdminRoles;
import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.RoleUtils;

/** Reads the marked accounts of a realm into the core's {@link EmergencyAccount}s. It reads and never writes. */
public final class BreakGlassSurvey {

    private BreakGlassSurvey() {
    }

    public static EmergencyAccess of(KeycloakSession session, RealmModel realm) {
        return new EmergencyAccess(BreakGlassAccounts.ids(realm).stream().map(id -> account(session, realm, id)).toList());
    }

    static EmergencyAccount account(KeycloakSession session, RealmModel realm, String id) {
        UserModel user = session.users().getUserById(realm, id);
        if (user == null) {
            return EmergencyAccount.gone(id);
        }
        Set<String> types = user.credentialManager().getStoredCredentialsStream().map(CredentialModel::getType)
                .collect(Collectors.toCollection(TreeSet::new));
        return new EmergencyAccount(user.getId(), Optional.ofNullable(user.getUsername()), true, user.isEnabled(),
                federated(session, realm, user), types, holdsAdminRole(realm, user));
    }

    /** Linked to a user federation (LDAP, Kerberos) or to an identity provider: another system can lock it out. */
    public static boolean federated(KeycloakSession session, RealmModel realm, UserModel user) {
        return user.getFederationLink() != null || session.users().getFederatedIdentitiesStream(realm, user).findAny().isPresent();
    }

    /**
     * Whether the user holds a role that administers the realm, directly, by a group or a composite: a role of
     * realm-management, or in master the {@code admin} role or a realm's {@code <realm>-realm} client role.
     */
    public static boolean holdsAdminRole(RealmModel realm, UserModel user) {
        boolean master = realm.getName().equals(Config.getAdminRealm());
        for (RoleModel role : RoleUtils.getDeepUserRoleMappings(user)) {
            if (role.getContainer() instanceof ClientModel client) {
                String id = client.getClientId();
                if (Constants.REALM_MANAGEMENT_CLIENT_ID.equals(id) || (master && id != null && id.endsWith("-realm"))) {
                    return true;
                }
            } else if (master && AdminRoles.ADMIN.equals(role.getName())) {
                return true;
            }
        }
        return false;
    }
}
