package io.github.zerotrust.keycloak.authn.risk;

import io.github.zerotrust.keycloak.authn.signin.SignInLocation;
import io.github.zerotrust.keycloak.risk.Assessment;
import io.github.zerotrust.keycloak.risk.DeviceThreat;
import io.github.zerotrust.keycloak.risk.RiskScorer;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * What {@code Zero Trust - assess sign-in risk} would score for a sign-in, without one: the same facts
 * (history, failure counts) and the same scorer, read only. For What-If.
 */
public final class RiskPreview {

    private RiskPreview() {
    }

    /** @param stepConfig the assessment step's settings; null for the realm's (its browser flow's step, else the defaults) */
    public static Assessment assess(KeycloakSession session, RealmModel realm, UserModel user, SignInLocation location,
                                    String deviceId, Optional<DeviceThreat> deviceThreat, Instant at, Map<String, String> stepConfig) {
        RiskStepConfig config = stepConfig == null ? RealmRiskConfig.of(realm) : RiskStepConfig.parse(stepConfig);
        return new RiskScorer(config.risk()).assess(
                SignInContext.gather(session, realm, user, location, deviceId, deviceThreat, at, config.risk()).facts());
    }
}
