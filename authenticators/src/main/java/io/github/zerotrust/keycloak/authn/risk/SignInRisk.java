package io.github.zerotrust.keycloak.authn.risk;

import io.github.zerotrust.keycloak.risk.Assessment;
import java.util.Optional;
import org.keycloak.sessions.AuthenticationSessionModel;

/** The risk assessment of the sign-in in progress, for steps outside this package. */
public final class SignInRisk {

    private SignInRisk() {
    }

    /** Empty when no 'assess sign-in risk' step ran earlier in this flow. */
    public static Optional<Assessment> of(AuthenticationSessionModel authSession) {
        return Assessment.fromNote(authSession.getAuthNote(RiskAssessment.NOTE));
    }
}
