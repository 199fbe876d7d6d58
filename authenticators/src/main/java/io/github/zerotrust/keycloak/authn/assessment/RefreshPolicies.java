package io.github.zerotrust.keycloak.authn.assessment;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.idm.ClientPoliciesRepresentation;
import org.keycloak.representations.idm.ClientPolicyRepresentation;
import org.keycloak.representations.idm.ClientProfileRepresentation;
import org.keycloak.representations.idm.ClientProfilesRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyException;

/** Whether an enabled client policy (the realm's or a global one) uses a profile that runs {@code zt-continuous-access}. */
final class RefreshPolicies {

    static final String EXECUTOR = "zt-continuous-access";
    private static final Logger LOG = Logger.getLogger(RefreshPolicies.class);

    private final Set<String> profilesWithExecutor = new HashSet<>();
    private final List<ClientPolicyRepresentation> policies = new ArrayList<>();

    RefreshPolicies(KeycloakSession session, RealmModel realm) {
        try {
            ClientProfilesRepresentation profiles = session.clientPolicy().getClientProfiles(realm, true);
            for (List<ClientProfileRepresentation> list : List.of(nonNull(profiles.getProfiles()), nonNull(profiles.getGlobalProfiles()))) {
                list.stream().filter(p -> p.getExecutors() != null && p.getExecutors().stream()
                        .anyMatch(e -> EXECUTOR.equals(e.getExecutorProviderId()))).forEach(p -> profilesWithExecutor.add(p.getName()));
            }
            ClientPoliciesRepresentation all = session.clientPolicy().getClientPolicies(realm, true);
            policies.addAll(nonNull(all.getPolicies()));
            policies.addAll(nonNull(all.getGlobalPolicies()));
        } catch (ClientPolicyException | RuntimeException e) {
            // Unreadable client policies run nothing: the check fails, which is what they do at a refresh too.
            LOG.warnf("Realm %s: client policies could not be read for the maturity assessment: %s", realm.getName(), e.getMessage());
        }
    }

    private static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list;
    }

    Optional<String> enabledPolicy() {
        return policies.stream().filter(p -> Boolean.TRUE.equals(p.isEnabled()))
                .filter(p -> p.getProfiles() != null && p.getProfiles().stream().anyMatch(profilesWithExecutor::contains))
                .map(ClientPolicyRepresentation::getName).findFirst();
    }

    boolean executorUnused() {
        return !profilesWithExecutor.isEmpty() && enabledPolicy().isEmpty();
    }
}
