package io.github.zerotrust.keycloak.authn.signin;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.RealmModel;

/**
 * Finds a step's settings outside a sign-in (failure counting, What-If, registration), where no flow
 * context hands them over: the first enabled step of a provider in the given flows, depth first.
 */
public final class FlowSteps {

    private FlowSteps() {
    }

    /** Its saved configuration, or an empty map when the step has none (its defaults apply). */
    public static Optional<Map<String, String>> firstConfig(RealmModel realm, Stream<AuthenticationFlowModel> flows,
                                                            String providerId) {
        return flows.filter(Objects::nonNull)
                .map(flow -> find(realm, flow, providerId))
                .flatMap(Optional::stream)
                .findFirst();
    }

    private static Optional<Map<String, String>> find(RealmModel realm, AuthenticationFlowModel flow, String providerId) {
        if (flow == null) {
            return Optional.empty();
        }
        for (AuthenticationExecutionModel e : realm.getAuthenticationExecutionsStream(flow.getId()).toList()) {
            if (e.isAuthenticatorFlow()) {
                Optional<Map<String, String>> nested = find(realm, realm.getAuthenticationFlowById(e.getFlowId()), providerId);
                if (nested.isPresent()) {
                    return nested;
                }
            } else if (providerId.equals(e.getAuthenticator())
                    && e.getRequirement() != AuthenticationExecutionModel.Requirement.DISABLED) {
                AuthenticatorConfigModel config = e.getAuthenticatorConfig() == null ? null
                        : realm.getAuthenticatorConfigById(e.getAuthenticatorConfig());
                return Optional.of(config == null || config.getConfig() == null ? Map.of() : config.getConfig());
            }
        }
        return Optional.empty();
    }
}
