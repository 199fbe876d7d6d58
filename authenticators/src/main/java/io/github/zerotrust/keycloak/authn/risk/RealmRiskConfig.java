package io.github.zerotrust.keycloak.authn.risk;

import io.github.zerotrust.keycloak.authn.signin.FlowSteps;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
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
        return FlowSteps.firstConfig(realm, Stream.of(realm.getBrowserFlow(), realm.getDirectGrantFlow()),
                RiskAssessmentFactory.ID).map(RiskStepConfig::parse);
    }
}
