package io.github.zerotrust.keycloak.authn.signin;

import io.github.zerotrust.keycloak.risk.Assessment;
import java.util.Optional;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The risk assessment of the sign-in in progress, kept in its authentication session (auth note
 * {@code zt.risk}, format {@code zt1;...}) from {@code Zero Trust - assess sign-in risk} for the steps after
 * it. The one place that writes and reads the note.
 */
public final class AssessmentNote {

    static final String NOTE = "zt.risk";

    private AssessmentNote() {
    }

    public static void put(AuthenticationSessionModel authSession, Assessment assessment) {
        authSession.setAuthNote(NOTE, assessment.toNote());
    }

    /** Empty when no assessment ran earlier in this flow (or the note is unreadable). */
    public static Optional<Assessment> of(AuthenticationSessionModel authSession) {
        return Assessment.fromNote(authSession.getAuthNote(NOTE));
    }
}
