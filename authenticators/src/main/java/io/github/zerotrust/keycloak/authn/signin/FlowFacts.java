package io.github.zerotrust.keycloak.authn.signin;

import io.github.zerotrust.keycloak.authn.breakglass.BreakGlassAccounts;
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
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.keycloak.authentication.AuthenticationFlowContext;
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
        return SignIn.from(location.origin(), CLOCK.instant())
                .withWho(Optional.ofNullable(user).map(u -> who(session, realm, u, authSession.getRequiredActions())))
                .withClient(Optional.ofNullable(client).map(ClientModel::getClientId))
                .withDevice(DeviceSignIn.of(authSession).map(DeviceSignIn::finding))
                .withAssessment(AssessmentNote.of(authSession))
                .withAssurance(new Assurance(requestedLevel(authSession), client == null ? java.util.Map.of() : AcrUtils.getAcrLoaMap(client)))
                .withRequestedScopes(scopes(authSession.getClientNote(OIDCLoginProtocol.SCOPE_PARAM), client))
                .withMatched(MatchedRules.peek(authSession));
    }

    /** The user's facts; {@code pendingInSignIn} are required actions this sign-in has added so far. */
    public static Who who(KeycloakSession session, RealmModel realm, UserModel user, Set<String> pendingInSignIn) {
        Set<String> credentialTypes = MfaRule.SECOND_FACTORS.stream()
                .filter(type -> user.credentialManager().isConfiguredFor(type)).collect(Collectors.toSet());
        Set<String> pending = Stream.concat(user.getRequiredActionsStream(), pendingInSignIn.stream()).collect(Collectors.toCollection(HashSet::new));
        return new Who(user.getId(), user.getUsername(), new KeycloakMemberships(session, realm, user), credentialTypes, pending,
                graceStarted(user), BreakGlassAccounts.isBreakGlass(realm, user));
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
