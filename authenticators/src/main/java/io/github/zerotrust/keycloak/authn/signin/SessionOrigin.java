package io.github.zerotrust.keycloak.authn.signin;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.models.UserSessionModel;

/**
 * Where a session signed in, kept in two small user-session notes for the refresh re-evaluation: the top-level
 * flow it signed in through (the rules its refreshes are judged by) and the network zones its address was in
 * (strict location). The sign-in's address itself is Keycloak's own {@code ipAddress} of the session.
 */
public final class SessionOrigin {

    static final String FLOW_NOTE = "zt.signin.flow";
    static final String ZONES_NOTE = "zt.signin.zones";

    private SessionOrigin() {
    }

    static void record(AuthenticationFlowContext context, SignInLocation location) {
        if (context.getTopLevelFlow() != null) {
            context.getAuthenticationSession().setUserSessionNote(FLOW_NOTE, context.getTopLevelFlow().getId());
        }
        context.getAuthenticationSession().setUserSessionNote(ZONES_NOTE, String.join(",", new TreeSet<>(location.zones())));
    }

    /** The id of the top-level flow the session signed in through; empty if no zero-trust step ran in it. */
    public static Optional<String> flow(UserSessionModel userSession) {
        return Optional.ofNullable(userSession.getNote(FLOW_NOTE)).filter(id -> !id.isBlank());
    }

    /** The zones the sign-in's address was in; empty if no zero-trust step recorded them. */
    public static Optional<Set<String>> zones(UserSessionModel userSession) {
        String zones = userSession.getNote(ZONES_NOTE);
        return zones == null ? Optional.empty() : Optional.of(Arrays.stream(zones.split(","))
                .filter(z -> !z.isBlank()).collect(Collectors.toUnmodifiableSet()));
    }
}
