package io.github.zerotrust.keycloak.authn.signin;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Locale;
import org.keycloak.OAuthErrorException;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.representations.idm.OAuth2ErrorRepresentation;

/**
 * Refuses a sign-in the one way the suite does (not to be confused with the core's elevation
 * {@code Refusal}, a reason an activation is refused): an event with the rule, the reasons and a
 * reference; a page that says why and what to do (browser) or an OAuth error (direct grant).
 */
public final class SignInRefusal {

    /** The flow path Keycloak gives the direct-grant (token endpoint) flow. */
    private static final String TOKEN_FLOW_PATH = "token";

    private static final java.util.Set<String> WHERE_MATTERS = java.util.Set.of("ztDeniedCountry", "ztDeniedNetwork", "ztDeniedRisk");

    private SignInRefusal() {
    }

    public static void refuse(AuthenticationFlowContext context, String rule, String reason, String messageKey,
                              String customMessage) {
        SignInLocation location = SignInLocation.of(context.getSession(), context.getRealm(), context.getConnection());
        String reference = Denial.newReference();
        EventBuilder event = context.getEvent();
        if (context.getUser() != null) {
            // Keycloak's post-broker-login event names no user of its own: the refusal must say whom it refused.
            event.user(context.getUser());
        }
        SignInNotes.addTo(context.getAuthenticationSession(), event);
        location.describe(context.getSession(), context.getAuthenticationSession(), event);
        event.detail(EventDetails.RULE, rule)
                .detail(EventDetails.REASON, reason)
                .detail(EventDetails.OUTCOME, "deny")
                .detail(EventDetails.REFERENCE, reference)
                .error(Errors.ACCESS_DENIED);

        Response response;
        if (TOKEN_FLOW_PATH.equals(context.getFlowPath())) {
            response = Response.status(Response.Status.BAD_REQUEST)
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new OAuth2ErrorRepresentation(OAuthErrorException.ACCESS_DENIED,
                            DirectGrantMessages.text(messageKey) + " Reference: " + reference))
                    .build();
        } else {
            String country = null;
            // Where the sign-in came from explains location and risk refusals; for others it is noise.
            if (location.country().isKnown() && WHERE_MATTERS.contains(messageKey)) {
                String code = location.country().isoCode();
                Locale locale = context.getSession().getContext().resolveLocale(context.getUser());
                country = new Locale("", code).getDisplayCountry(locale) + " (" + code + ")";
            }
            response = context.form()
                    .setAttribute("ztDenial", new Denial(messageKey, customMessage, reference, country))
                    .setStatus(Response.Status.FORBIDDEN)
                    .createForm("zt-denied.ftl");
        }
        context.failure(AuthenticationFlowError.ACCESS_DENIED, response);
    }
}
