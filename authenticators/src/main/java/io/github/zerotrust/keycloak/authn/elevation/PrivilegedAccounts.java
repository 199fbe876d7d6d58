package io.github.zerotrust.keycloak.authn.elevation;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/** Which accounts are privileged: eligible for a role (directly or through a group), or holding a privileged role in any way. */
public final class PrivilegedAccounts {

    private PrivilegedAccounts() {
    }

    public static boolean isPrivileged(KeycloakSession session, RealmModel realm, UserModel user) {
        return PrivilegedAccess.of(session, realm).isPrivileged(user);
    }
}
