package io.github.zerotrust.keycloak.authn.deny;

import io.github.zerotrust.keycloak.authn.EventDetails;
import io.github.zerotrust.keycloak.authn.MatchedRules;
import io.github.zerotrust.keycloak.authn.ParsedConfig;
import io.github.zerotrust.keycloak.authn.location.SignInLocation;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.keycloak.OAuthErrorException;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.Authenticator;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.idm.OAuth2ErrorRepresentation;

/**
 * Refuses the sign-in, says why on a page the user can act on (or as an OAuth error for the
 * direct grant), and records the rule and the reasons in the event.
 */
final class DenyAccess implements Authenticator {

    static final DenyAccess SINGLETON = new DenyAccess();

    /** The flow path Keycloak gives the direct-grant (token endpoint) flow. */
    private static final String TOKEN_FLOW_PATH = "token";

    private final ParsedConfig<DenyAccessConfig> configs = new ParsedConfig<>(DenyAccessConfig::parse);

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        DenyAccessConfig config = configs.of(context.getAuthenticatorConfig());
        List<MatchedRules.Match> matches = MatchedRules.take(context.getAuthenticationSession());
        SignInLocation location = SignInLocation.of(context.getSession(), context.getRealm(), context.getConnection());
        String reference = Denial.newReference();
        String rule = matches.isEmpty()
                ? (context.getAuthenticatorConfig() != null ? context.getAuthenticatorConfig().getAlias() : DenyAccessFactory.ID)
                : matches.stream().map(MatchedRules.Match::rule).distinct().collect(Collectors.joining(", "));
        String reason = matches.isEmpty() ? "deny step reached" : matches.stream().map(MatchedRules.Match::reason)
                .collect(Collectors.joining("; "));

        EventBuilder event = context.getEvent();
        location.describe(event);
        event.detail(EventDetails.RULE, rule)
                .detail(EventDetails.REASON, reason)
                .detail(EventDetails.OUTCOME, "deny")
                .detail(EventDetails.REFERENCE, reference)
                .error(Errors.ACCESS_DENIED);

        String messageKey = Denial.messageKeyFor(config.message(), matches);
        Response response;
        if (TOKEN_FLOW_PATH.equals(context.getFlowPath())) {
            response = Response.status(Response.Status.BAD_REQUEST)
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new OAuth2ErrorRepresentation(OAuthErrorException.ACCESS_DENIED,
                            DirectGrantMessages.text(messageKey) + " Reference: " + reference))
                    .build();
        } else {
            String country = null;
            if (location.country().isKnown()) {
                String code = location.country().isoCode();
                Locale locale = context.getSession().getContext().resolveLocale(context.getUser());
                country = new Locale("", code).getDisplayCountry(locale) + " (" + code + ")";
            }
            response = context.form()
                    .setAttribute("ztDenial", new Denial(messageKey, config.customMessage(), reference, country))
                    .setStatus(Response.Status.FORBIDDEN)
                    .createForm("zt-denied.ftl");
        }
        context.failure(AuthenticationFlowError.ACCESS_DENIED, response);
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        // The page has no form: any post-back is refused the same way.
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
