package io.github.zerotrust.keycloak.authn.signin;

import io.github.zerotrust.keycloak.authn.breakglass.BreakGlassAccounts;
import io.github.zerotrust.keycloak.guest.Guest;
import io.github.zerotrust.keycloak.authn.broker.BrokeredSignIn;
import io.github.zerotrust.keycloak.broker.Upstream;
import io.github.zerotrust.keycloak.device.DeviceTrust;
import io.github.zerotrust.keycloak.spi.KeycloakClock;
import io.github.zerotrust.keycloak.policy.Assurance;
import io.github.zerotrust.keycloak.policy.MfaRule;
import io.github.zerotrust.keycloak.policy.SignIn;
import io.github.zerotrust.keycloak.policy.Who;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.utils.AcrUtils;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Gathers the facts of the sign-in in progress from Keycloak, for the step asking: the location (looked
 * up and written into the event once per request), the user once known, what the risk and device steps
 * found earlier, the level asked for, the scopes, and the rules matched so far.
 */
public final class FlowFacts {

    /** The user attribute where {@code Zero Trust - require MFA} keeps when it first met a user without a second factor. */
    public static final String MFA_GRACE_STARTED = "zt.mfa.grace-started";

    private static final Clock CLOCK = KeycloakClock.get();

    private FlowFacts() {
    }

    public static SignIn of(AuthenticationFlowContext context) {
        return of(context, context.getUser());
    }

    /** @param user the user as the asking step knows them (an SSO session's, before the cookie step); may be null */
    public static SignIn of(AuthenticationFlowContext context, UserModel user) {
        KeycloakSession session = context.getSession();
        RealmModel realm = context.getRealm();
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        SignInLocation location = SignInLocation.of(session, realm, context.getConnection());
        location.describe(session, authSession, context.getEvent());
        SessionOrigin.record(context, location);
        ClientModel client = authSession.getClient();
        String tab = authSession.getParentSession().getId() + ":" + authSession.getTabId();
        String scope = authSession.getClientNote(OIDCLoginProtocol.SCOPE_PARAM);
        Optional<Upstream> upstream = BrokeredSignIn.of(session, authSession);
        upstream.ifPresent(u -> describe(session, authSession, context.getEvent(), u));
        // Each condition and step asks: the notes are parsed, and the client's settings read, once per request.
        return SignIn.from(location.origin(), CLOCK.instant())
                .withWho(Optional.ofNullable(user).map(u -> who(session, realm, u, authSession.getRequiredActions())))
                .withClient(Optional.ofNullable(client).map(ClientModel::getClientId))
                .withDevice(RequestMemo.of(session, "device:" + tab, authSession.getAuthNote(DeviceSignIn.NOTE),
                        () -> DeviceSignIn.of(authSession).map(DeviceSignIn::finding)))
                .withAssessment(RequestMemo.of(session, "assessment:" + tab, authSession.getAuthNote(AssessmentNote.NOTE),
                        () -> AssessmentNote.of(authSession)))
                .withAssurance(new Assurance(requestedLevel(authSession), client == null ? Map.of()
                        : RequestMemo.of(session, "acr-loa:" + tab, client.getId(), () -> AcrUtils.getAcrLoaMap(client))))
                .withRequestedScopes(RequestMemo.of(session, "scopes:" + tab, Arrays.asList(scope, client == null ? null : client.getId()),
                        () -> scopes(scope, client)))
                .withMatched(MatchedRules.peek(authSession))
                .withUpstream(upstream);
    }

    /** The upstream side of a brokered sign-in into the event, once per request, and for the request that fires the last. */
    private static void describe(KeycloakSession session, AuthenticationSessionModel authSession, EventBuilder event, Upstream upstream) {
        String done = FlowFacts.class.getName() + ".upstream:" + authSession.getParentSession().getId() + ":" + authSession.getTabId();
        if (session.getAttribute(done) != null) {
            return;
        }
        session.setAttribute(done, Boolean.TRUE);
        SessionOrigin.recordUpstream(authSession, upstream);
        SignInNotes.put(authSession, event, EventDetails.IDP, upstream.provider());
        SignInNotes.put(authSession, event, EventDetails.UPSTREAM_ACR, upstream.acr().orElse("none"));
        SignInNotes.put(authSession, event, EventDetails.TRUSTED_UPSTREAM, upstream.trusted().orElse("none"));
        SignInNotes.put(authSession, event, EventDetails.UPSTREAM_REASON, upstream.why());
        SignInNotes.put(authSession, event, EventDetails.TRUSTED_UPSTREAM_DEVICE,
                upstream.trustedDevice().map(DeviceTrust::claimValue).orElse("none"));
        SignInNotes.put(authSession, event, EventDetails.UPSTREAM_DEVICE_REASON, upstream.deviceWhy());
    }

    /** The user's facts; {@code pendingInSignIn} are required actions this sign-in has added so far. */
    public static Who who(KeycloakSession session, RealmModel realm, UserModel user, Set<String> pendingInSignIn) {
        StoredFacts stored = stored(session, realm, user);
        Set<String> pending = new HashSet<>(stored.requiredActions());
        pending.addAll(pendingInSignIn);
        return new Who(user.getId(), user.getUsername(), new KeycloakMemberships(session, realm, user), stored.credentialTypes(),
                pending, stored.graceStarted(), BreakGlassAccounts.isBreakGlass(realm, user), stored.guest());
    }

    /**
     * Records when the MFA grace period started for {@code user} and drops what this request had read of him, so
     * the steps after the one that wrote it see it.
     */
    public static void startMfaGrace(KeycloakSession session, RealmModel realm, UserModel user, Instant start) {
        session.removeAttribute(storedKey(realm, user));
        user.setSingleAttribute(MFA_GRACE_STARTED, Long.toString(start.getEpochSecond()));
    }

    /**
     * What the user store holds of the user, read once per request: every condition and step of a sign-in asks for
     * it, and each read goes through the user cache's lazy loaders. Within one request of a sign-in only the MFA
     * grace start is written ({@link #startMfaGrace}, which drops this); credentials and the user's own required
     * actions change in other requests (required actions run after the flow, the account console is its own).
     */
    private static StoredFacts stored(KeycloakSession session, RealmModel realm, UserModel user) {
        String key = storedKey(realm, user);
        StoredFacts known = session.getAttribute(key, StoredFacts.class);
        if (known != null) {
            return known;
        }
        Set<String> credentialTypes = MfaRule.SECOND_FACTORS.stream()
                .filter(type -> user.credentialManager().isConfiguredFor(type)).collect(Collectors.toUnmodifiableSet());
        StoredFacts read = new StoredFacts(credentialTypes, user.getRequiredActionsStream().collect(Collectors.toUnmodifiableSet()),
                graceStarted(user), Guests.of(session, realm, user));
        session.setAttribute(key, read);
        return read;
    }

    private static String storedKey(RealmModel realm, UserModel user) {
        return StoredFacts.class.getName() + ":" + realm.getId() + ":" + user.getId();
    }

    private record StoredFacts(Set<String> credentialTypes, Set<String> requiredActions, Optional<Instant> graceStarted,
                               Optional<Guest> guest) {
    }

    private static Optional<Instant> graceStarted(UserModel user) {
        String started = user.getFirstAttribute(MFA_GRACE_STARTED);
        if (started == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.ofEpochSecond(Long.parseLong(started)));
        } catch (NumberFormatException e) {
            // An unreadable value counts as none: the grace period starts again, once.
            return Optional.empty();
        }
    }

    private static int requestedLevel(AuthenticationSessionModel authSession) {
        String requested = authSession.getClientNote(Constants.REQUESTED_LEVEL_OF_AUTHENTICATION);
        try {
            return requested == null ? Assurance.NONE : Integer.parseInt(requested);
        } catch (NumberFormatException e) {
            return Assurance.NONE;
        }
    }

    /**
     * The scopes the sign-in's tokens will carry: those asked for, and the client's default client scopes, which
     * Keycloak grants unasked (a default {@code offline_access} gives an offline token nobody requested).
     */
    public static List<String> scopes(String scope, ClientModel client) {
        Stream<String> asked = scope == null ? Stream.empty() : Arrays.stream(scope.split(" ")).filter(s -> !s.isBlank());
        Stream<String> granted = client == null ? Stream.empty() : client.getClientScopes(true).keySet().stream();
        return Stream.concat(asked, granted).distinct().toList();
    }
}
