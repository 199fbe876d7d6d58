package io.github.zerotrust.keycloak.authn.risk;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.RealmModel;

/**
 * The risk settings a realm uses outside a flow (failure counting, What-If): those of the first
 * {@code zt-risk-assessment} step in the realm's browser flow, else in its direct-grant flow, else
 * the defaults.
 */
final class RealmRiskConfig {

    private RealmRiskConfig() {
    }

    static RiskStepConfig of(RealmModel realm) {
        return find(realm).orElseGet(() -> RiskStepConfig.parse(Map.of()));
    }

    /** Empty when neither the realm's browser nor its direct-grant flow assesses risk. */
    static Optional<RiskStepConfig> find(RealmModel realm) {
        return Stream.of(realm.getBrowserFlow(), realm.getDirectGrantFlow())
                .map(flow -> find(realm, flow))
                .flatMap(Optional::stream)
                .findFirst()
                .map(RiskStepConfig::parse);
    }

    /** The settings of the first assessment step in the flow: its saved configuration, or none (defaults). */
    private static Optional<Map<String, String>> find(RealmModel realm, AuthenticationFlowModel flow) {
        if (flow == null) {
            return Optional.empty();
        }
        for (AuthenticationExecutionModel e : realm.getAuthenticationExecutionsStream(flow.getId()).toList()) {
            if (e.isAuthenticatorFlow()) {
                Optional<Map<String, String>> nested = find(realm, realm.getAuthenticationFlowById(e.getFlowId()));
                if (nested.isPresent()) {
                    return nested;
                }
            } else if (RiskAssessmentFactory.ID.equals(e.getAuthenticator())
                    && e.getRequirement() != AuthenticationExecutionModel.Requirement.DISABLED) {
                AuthenticatorConfigModel config = e.getAuthenticatorConfig() == null ? null
                        : realm.getAuthenticatorConfigById(e.getAuthenticatorConfig());
                return Optional.of(config == null || config.getConfig() == null ? Map.of() : config.getConfig());
            }
        }
        return Optional.empty();
    }
}
