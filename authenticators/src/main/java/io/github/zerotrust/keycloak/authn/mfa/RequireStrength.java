package io.github.zerotrust.keycloak.authn.mfa;

import io.github.zerotrust.keycloak.authn.MatchedRules;
import io.github.zerotrust.keycloak.authn.ParsedConfig;
import io.github.zerotrust.keycloak.authn.deny.Refusal;
import io.github.zerotrust.keycloak.authn.risk.SignInRisk;
import io.github.zerotrust.keycloak.risk.Assessment;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.authenticators.util.AcrStore;
import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.utils.AcrUtils;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Raises the level of authentication a sign-in must reach, for chosen users, apps or risk: the
 * same mechanism as an app asking with {@code acr_values}, so Keycloak's own level conditions run the
 * stronger steps and the token's {@code acr} says what was reached. An SSO sign-in whose session is
 * below the level is stepped up, not waved through.
 *
 * <p>Place it first in the browser flow (it finds the user of an SSO sign-in from the session
 * cookie, before the cookie step decides) and again right after the username step (the user of a
 * fresh sign-in is known only then).
 */
final class RequireStrength implements Authenticator {

    static final RequireStrength SINGLETON = new RequireStrength();
    private static final Logger LOG = Logger.getLogger(RequireStrength.class);

    private final ParsedConfig<RequireStrengthConfig> configs = new ParsedConfig<>(RequireStrengthConfig::parse);

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        RequireStrengthConfig config = configs.of(context.getAuthenticatorConfig());
        String rule = MatchedRules.ruleName(context.getAuthenticatorConfig(), RequireStrengthFactory.ID);
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        ClientModel client = authSession.getClient();
        Optional<Integer> level = config.level(AcrUtils.getAcrLoaMap(client));
        if (level.isEmpty()) {
            LOG.errorf("Realm %s: %s requires strength '%s', which is neither in acr.loa.map nor a level number",
                    context.getRealm().getName(), rule, config.strength());
            Refusal.refuse(context, rule, "misconfigured: unknown strength '" + config.strength() + "'", "ztDeniedGeneric", null);
            return;
        }
        AuthenticationManager.AuthResult sso = context.getUser() == null ? sso(context) : null;
        UserModel user = sso != null ? sso.user() : context.getUser();
        if (user == null && config.appliesTo().needsUser()) {
            // A fresh sign-in: the same step after the username step decides.
            context.success();
            return;
        }
        Optional<String> applies = applies(context, config, user);
        if (applies.isPresent()) {
            String reason = "requires " + config.strength() + " (level " + level.get() + ") for " + applies.get();
            if (config.reportOnly()) {
                MatchedRules.reportOnly(authSession, rule, reason);
            } else {
                raise(authSession, level.get());
                MatchedRules.matched(authSession, new MatchedRules.Match(rule, reason, MatchedRules.Kind.OTHER));
            }
        }
        if (sso != null && steppedUp(context, sso)) {
            context.setForwardedInfoMessage(STEP_UP_MESSAGE);
            authSession.setAuthNote(STEP_UP_NOTE, "true");
        }
        context.success();
    }

    static final String STEP_UP_MESSAGE = "ztStrongerSignInNeeded";
    private static final String STEP_UP_NOTE = "zt.step-up";

    /**
     * On a registration page reached by a step-up (a key to register before the stronger sign-in can
     * happen), the same explanation: required-action pages do not carry the flow's forwarded message.
     */
    static void explainStepUp(org.keycloak.authentication.RequiredActionContext context) {
        if (context.getAuthenticationSession().getAuthNote(STEP_UP_NOTE) != null) {
            context.form().setInfo(STEP_UP_MESSAGE);
        }
    }

    /**
     * Whether the SSO session falls short of what this sign-in needs (asked by the app or raised by a
     * rule), so the cookie step will step it up: the user is told why they are asked again.
     */
    private static boolean steppedUp(AuthenticationFlowContext context, AuthenticationManager.AuthResult sso) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        // The cookie step copies the session's levels the same way before it compares them.
        authSession.setAuthNote(Constants.LOA_MAP, sso.session().getNote(Constants.LOA_MAP));
        AcrStore acr = new AcrStore(context.getSession(), authSession);
        int previous = acr.getHighestAuthenticatedLevelFromPreviousAuthentication(context.getTopLevelFlow().getId());
        return acr.getRequestedLevelOfAuthentication(context.getTopLevelFlow()) > previous;
    }

    private static Optional<String> applies(AuthenticationFlowContext context, RequireStrengthConfig config, UserModel user) {
        List<String> unknown = new ArrayList<>(0);
        Optional<String> who = config.appliesTo().match(context.getSession(), context.getRealm(), user,
                context.getAuthenticationSession().getClient(), unknown);
        if (!unknown.isEmpty()) {
            LOG.warnf("Realm %s: a strength rule names %s, which do not exist", context.getRealm().getName(), unknown);
        }
        if (who.isEmpty() || config.minimumRisk().isEmpty()) {
            return who;
        }
        Optional<Assessment> risk = SignInRisk.of(context.getAuthenticationSession());
        if (risk.isEmpty()) {
            // Fail closed: without an assessment the rule cannot tell the risk is low.
            return who.map(w -> w + ", risk not assessed");
        }
        return risk.get().level().atLeast(config.minimumRisk().get())
                ? who.map(w -> w + ", risk " + risk.get().level().name().toLowerCase(java.util.Locale.ROOT))
                : Optional.empty();
    }

    private static void raise(AuthenticationSessionModel authSession, int level) {
        String requested = authSession.getClientNote(Constants.REQUESTED_LEVEL_OF_AUTHENTICATION);
        int current;
        try {
            current = requested == null ? Constants.NO_LOA : Integer.parseInt(requested);
        } catch (NumberFormatException e) {
            current = Constants.NO_LOA;
        }
        if (level > current) {
            authSession.setClientNote(Constants.REQUESTED_LEVEL_OF_AUTHENTICATION, Integer.toString(level));
        }
    }

    /** The SSO session the cookie names, as the cookie step will find it; null without one. */
    private static AuthenticationManager.AuthResult sso(AuthenticationFlowContext context) {
        return AuthenticationManager.authenticateIdentityCookie(context.getSession(), context.getRealm(), true);
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        authenticate(context);
    }

    @Override
    public boolean requiresUser() {
        return false;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }
}
