package io.github.zerotrust.keycloak.authn.signin;

import io.github.zerotrust.keycloak.broker.Upstream;
import io.github.zerotrust.keycloak.device.DeviceTrust;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.models.UserSessionModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Where a session signed in, kept in two small user-session notes for the refresh re-evaluation: the top-level
 * flow it signed in through (the rules its refreshes are judged by) and the network zones its address was in
 * (strict location). The sign-in's address itself is Keycloak's own {@code ipAddress} of the session.
 */
public final class SessionOrigin {

    static final String FLOW_NOTE = "zt.signin.flow";
    static final String ZONES_NOTE = "zt.signin.zones";
    static final String IDP_NOTE = "zt.signin.idp";
    static final String UPSTREAM_NOTE = "zt.signin.upstream";
    static final String UPSTREAM_DEVICE_NOTE = "zt.signin.upstream-device";

    private SessionOrigin() {
    }

    static void record(AuthenticationFlowContext context, SignInLocation location) {
        if (context.getTopLevelFlow() != null) {
            context.getAuthenticationSession().setUserSessionNote(FLOW_NOTE, context.getTopLevelFlow().getId());
        }
        context.getAuthenticationSession().setUserSessionNote(ZONES_NOTE, String.join(",", new TreeSet<>(location.zones())));
    }

    /**
     * A brokered sign-in's provider and the strength trusted of it ({@code mfa}, {@code phr} or {@code none}): a refresh is
     * judged by the post-broker-login flow with what the sign-in was trusted for, not with nothing.
     */
    static void recordUpstream(AuthenticationSessionModel authSession, Upstream upstream) {
        authSession.setUserSessionNote(IDP_NOTE, upstream.provider());
        authSession.setUserSessionNote(UPSTREAM_NOTE, upstream.trusted().orElse("none"));
        authSession.setUserSessionNote(UPSTREAM_DEVICE_NOTE, upstream.trustedDevice().map(DeviceTrust::claimValue).orElse("none"));
    }

    /** The upstream of a brokered session as its sign-in was judged; empty for a session that did not come through one. */
    public static Optional<Upstream> upstream(UserSessionModel userSession) {
        String provider = userSession.getNote(IDP_NOTE);
        if (provider == null || provider.isBlank()) {
            return Optional.empty();
        }
        Optional<String> trusted = Optional.ofNullable(userSession.getNote(UPSTREAM_NOTE)).filter(t -> !"none".equals(t));
        Optional<DeviceTrust> device = DeviceTrust.parse(userSession.getNote(UPSTREAM_DEVICE_NOTE));
        return Optional.of(new Upstream(provider, Optional.empty(), List.of(), trusted,
                trusted.map(t -> "trusted for " + t + " at sign-in").orElse("nothing trusted at sign-in"), device,
                device.map(d -> "device trusted as " + d.claimValue() + " at sign-in").orElse("device trusted for nothing at sign-in")));
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
