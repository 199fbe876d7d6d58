package io.github.zerotrust.keycloak.authn.signin;

import io.github.zerotrust.keycloak.risk.Assessment;
import java.util.Optional;
import org.keycloak.models.UserSessionModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The risk assessment of the sign-in in progress, kept in its authentication session (auth note
 * {@code zt.risk}, format {@code zt1;...}) from {@code Zero Trust - assess sign-in risk} for the steps after
 * it, and in the user session (same name) for the refresh re-evaluation that does not score risk again. The one
 * place that writes and reads the note.
 */
public final class AssessmentNote {

    static final String NOTE = "zt.risk";

    private AssessmentNote() {
    }

    public static void put(AuthenticationSessionModel authSession, Assessment assessment) {
        authSession.setAuthNote(NOTE, assessment.toNote());
        authSession.setUserSessionNote(NOTE, assessment.toNote());
    }

    /** The assessment of the sign-in that made {@code userSession}; empty when none ran (or the note is unreadable). */
    public static Optional<Assessment> ofSession(UserSessionModel userSession) {
        return Assessment.fromNote(userSession.getNote(NOTE));
    }

    /** Empty when no assessment ran earlier in this flow (or the note is unreadable). */
    public static Optional<Assessment> of(AuthenticationSessionModel authSession) {
        return Assessment.fromNote(authSession.getAuthNote(NOTE));
    }
}
