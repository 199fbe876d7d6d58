package io.github.zerotrust.keycloak.authn.device;

import io.github.zerotrust.keycloak.authn.signin.Denial;
import io.github.zerotrust.keycloak.authn.signin.DeviceSignIn;
import io.github.zerotrust.keycloak.authn.signin.EventDetails;
import io.github.zerotrust.keycloak.authn.signin.FlowStep;
import io.github.zerotrust.keycloak.authn.signin.MatchedRules;
import io.github.zerotrust.keycloak.authn.signin.SignInNotes;
import io.github.zerotrust.keycloak.policy.Action;
import io.github.zerotrust.keycloak.policy.StepKinds;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Optional;
import org.keycloak.OAuthErrorException;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.Authenticator;
import org.keycloak.events.Errors;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.idm.OAuth2ErrorRepresentation;
import org.keycloak.theme.Theme;

/**
 * Refuses the sign-in of a device that fails the baseline, with a page ({@code zt-device-remediation.ftl})
 * that lists exactly what fails and how to fix each, in the user's language; an OAuth error with the
 * same list in English for the direct grant. The event names the rule, the failed checks and a reference.
 */
final class DeviceRemediation implements Authenticator {

    static final DeviceRemediation SINGLETON = new DeviceRemediation();
    private static final String TOKEN_FLOW_PATH = "token";

    /** One line of the page: what fails, and what to do about it. Getters only: FreeMarker reads a record's accessors as methods. */
    public static final class Item {
        private final String check;
        private final String problem;
        private final String help;

        Item(String check, String problem, String help) {
            this.check = check;
            this.problem = problem;
            this.help = help;
        }

        public String getCheck() { return check; }
        public String getProblem() { return problem; }
        public String getHelp() { return help; }
    }

    /** What the page shows. */
    public static final class Page {
        private final String headline;
        private final List<Item> items;
        private final String reference;

        Page(String headline, List<Item> items, String reference) {
            this.headline = headline;
            this.items = List.copyOf(items);
            this.reference = reference;
        }

        public String getHeadline() { return headline; }
        public List<Item> getItems() { return items; }
        public String getReference() { return reference; }
    }

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        FlowStep step = FlowStep.of(context, StepKinds.DEVICE_REMEDIATION);
        Optional<Action.Deny> deny = step.action().filter(Action.Deny.class::isInstance).map(Action.Deny.class::cast);
        if (deny.isEmpty()) {
            context.success();
            return;
        }
        DeviceSignIn signIn = DeviceSignIn.of(context.getAuthenticationSession())
                .orElseGet(() -> DeviceSignIn.unknown(null, "no device step before the remediation page"));
        String rule = deny.get().rules().isEmpty() ? step.rule() : String.join(", ", deny.get().rules());
        String reference = Denial.newReference();
        MatchedRules.clearFor(context.getAuthenticationSession());
        SignInNotes.addTo(context.getAuthenticationSession(), context.getEvent());
        context.getEvent().detail(EventDetails.RULE, rule)
                .detail(EventDetails.REASON, step.decision().verdict().detail())
                .detail(EventDetails.OUTCOME, "deny")
                .detail(EventDetails.REFERENCE, reference)
                .error(Errors.ACCESS_DENIED);

        Response response;
        if (TOKEN_FLOW_PATH.equals(context.getFlowPath())) {
            response = Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new OAuth2ErrorRepresentation(OAuthErrorException.ACCESS_DENIED,
                            "This device does not meet your organisation's requirements: " + signIn.failureTexts()
                                    + ". Reference: " + reference))
                    .build();
        } else {
            response = context.form()
                    .setAttribute("ztDevice", page(context, signIn, reference))
                    .setStatus(Response.Status.FORBIDDEN)
                    .createForm("zt-device-remediation.ftl");
        }
        context.failure(AuthenticationFlowError.ACCESS_DENIED, response);
    }

    private static Page page(AuthenticationFlowContext context, DeviceSignIn signIn, String reference) {
        KeycloakSession session = context.getSession();
        Locale locale = session.getContext().resolveLocale(context.getUser());
        Properties messages;
        try {
            messages = session.theme().getTheme(Theme.Type.LOGIN).getEnhancedMessages(context.getRealm(), locale);
        } catch (IOException e) {
            messages = new Properties();
        }
        List<Item> items = new ArrayList<>();
        if (signIn.status().equals(DeviceSignIn.UNKNOWN)) {
            items.add(new Item("unknown-device", text(messages, locale, "ztDeviceUnknown", List.of()),
                    text(messages, locale, "ztDeviceUnknownHelp", List.of())));
        }
        for (DeviceSignIn.Item failure : signIn.failures()) {
            items.add(new Item(failure.check(), text(messages, locale, failure.key(), failure.args(), failure.text()),
                    text(messages, locale, DeviceSignIn.helpKey(failure.check()), List.of())));
        }
        return new Page(text(messages, locale, "ztDeviceRemediationIntro", List.of()), items, reference);
    }

    private static String text(Properties messages, Locale locale, String key, List<String> args) {
        return text(messages, locale, key, args, key);
    }

    private static String text(Properties messages, Locale locale, String key, List<String> args, String fallback) {
        String pattern = messages.getProperty(key);
        if (pattern == null) {
            return fallback;
        }
        return new MessageFormat(pattern, locale).format(args.toArray());
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
