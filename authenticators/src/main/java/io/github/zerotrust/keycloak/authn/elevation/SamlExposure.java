package io.github.zerotrust.keycloak.authn.elevation;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.utils.RoleUtils;

/**
 * Which SAML apps of the realm would put a role in their assertions: a SAML client with full scope, or whose scope
 * (its own scope mappings and those of its client scopes) reaches the role or any role the role reaches through
 * composites. A SAML service provider keeps its own session from an assertion, which Keycloak can neither cut to an
 * elevation's end nor revoke, so such a role is never elevated (ADR 0020): the eligibility is refused, and so is an
 * activation if a SAML app came to receive the role later.
 */
final class SamlExposure {

    static final String SAML = "saml";

    private SamlExposure() {
    }

    /** The client ids of the SAML apps that would receive {@code role}; empty when none would. */
    static List<String> clientsReceiving(RealmModel realm, RoleModel role) {
        Set<RoleModel> granted = RoleUtils.expandCompositeRoles(Set.of(role));
        return realm.getClientsStream().filter(c -> SAML.equals(c.getProtocol()))
                .filter(c -> c.isFullScopeAllowed() || receives(c, granted))
                .map(ClientModel::getClientId).sorted().toList();
    }

    private static boolean receives(ClientModel client, Set<RoleModel> granted) {
        Set<RoleModel> scope = new HashSet<>();
        client.getScopeMappingsStream().forEach(scope::add);
        for (ClientScopeModel clientScope : client.getClientScopes(true).values()) {
            clientScope.getScopeMappingsStream().forEach(scope::add);
        }
        for (ClientScopeModel clientScope : client.getClientScopes(false).values()) {
            clientScope.getScopeMappingsStream().forEach(scope::add);
        }
        Set<RoleModel> reached = RoleUtils.expandCompositeRoles(scope);
        return granted.stream().anyMatch(reached::contains);
    }
}
