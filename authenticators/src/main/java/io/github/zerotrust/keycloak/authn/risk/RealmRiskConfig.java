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
        return Stream.of(realm.getBrowserFlow(), realm.getDirectGrantFlow())
                .map(flow -> find(realm, flow))
                .flatMap(Optional::stream)
                .findFirst()
                .map(c -> RiskStepConfig.parse(c.getConfig() == null ? Map.of() : c.getConfig()))
                .orElseGet(() -> RiskStepConfig.parse(Map.of()));
    }

    private static Optional<AuthenticatorConfigModel> find(RealmModel realm, AuthenticationFlowModel flow) {
        if (flow == null) {
            return Optional.empty();
        }
        for (AuthenticationExecutionModel e : realm.getAuthenticationExecutionsStream(flow.getId()).toList()) {
            if (e.isAuthenticatorFlow()) {
                Optional<AuthenticatorConfigModel> nested = find(realm, realm.getAuthenticationFlowById(e.getFlowId()));
                if (nested.isPresent()) {
                    return nested;
                }
            } else if (RiskAssessmentFactory.ID.equals(e.getAuthenticator()) && e.getAuthenticatorConfig() != null) {
                return Optional.ofNullable(realm.getAuthenticatorConfigById(e.getAuthenticatorConfig()));
            }
        }
        return Optional.empty();
    }
}
