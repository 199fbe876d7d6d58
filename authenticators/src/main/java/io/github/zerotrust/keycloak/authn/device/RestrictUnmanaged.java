package io.github.zerotrust.keycloak.authn.device;

import io.github.zerotrust.keycloak.authn.MatchedRules;
import io.github.zerotrust.keycloak.authn.ParsedConfig;
import io.github.zerotrust.keycloak.authn.deny.Refusal;
import io.github.zerotrust.keycloak.device.DeviceTrust;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Lets a device below the required trust in, but restricted: the session is marked ({@code zt.device.restricted},
 * which the token mapper and refresh rules read), offline access is refused, and so are the listed
 * applications and scopes. Without a device verdict in the flow the device counts as unmanaged.
 */
final class RestrictUnmanaged implements Authenticator {

    static final RestrictUnmanaged SINGLETON = new RestrictUnmanaged();
    static final String RESTRICTED_NOTE = "zt.device.restricted";
    static final String MINIMUM = "minimum";
    static final String REFUSED_CLIENTS = "refused_clients";
    static final String REFUSED_SCOPES = "refused_scopes";
    static final String OFFLINE_ACCESS = "offline_access";

    record Config(DeviceTrust minimum, Set<String> refusedClients, Set<String> refusedScopes) {
        static Config parse(Map<String, String> config) {
            DeviceTrust minimum = "compliant".equalsIgnoreCase(config.getOrDefault(MINIMUM, "managed").strip())
                    ? DeviceTrust.COMPLIANT : DeviceTrust.MANAGED;
            Set<String> scopes = new java.util.HashSet<>(list(config.get(REFUSED_SCOPES)));
            scopes.add(OFFLINE_ACCESS);
            return new Config(minimum, list(config.get(REFUSED_CLIENTS)), Set.copyOf(scopes));
        }

        private static Set<String> list(String text) {
            return text == null ? Set.of() : Arrays.stream(text.split("[,\\s]+")).filter(s -> !s.isBlank())
                    .map(String::strip).collect(Collectors.toUnmodifiableSet());
        }
    }

    private final ParsedConfig<Config> configs = new ParsedConfig<>(Config::parse);

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        Config config = configs.of(context.getAuthenticatorConfig());
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        DeviceTrust trust = DeviceSignIn.of(authSession).map(DeviceSignIn::deviceTrust).orElse(DeviceTrust.UNMANAGED);
        if (trust.atLeast(config.minimum())) {
            // A sign-in again (prompt=login, step-up) keeps the SSO session: lift an earlier mark from it.
            authSession.setUserSessionNote(RESTRICTED_NOTE, "false");
            context.success();
            return;
        }
        authSession.setUserSessionNote(RESTRICTED_NOTE, "true");
        String rule = MatchedRules.ruleName(context.getAuthenticatorConfig(), RestrictUnmanagedFactory.ID);
        String clientId = authSession.getClient().getClientId();
        if (config.refusedClients().contains(clientId)) {
            Refusal.refuse(context, rule, "application " + clientId + " from a " + trust.claimValue() + " device",
                    "ztDeviceRestricted", null);
            return;
        }
        String requested = authSession.getClientNote(OIDCLoginProtocol.SCOPE_PARAM);
        if (requested != null) {
            for (String scope : requested.split(" ")) {
                if (config.refusedScopes().contains(scope)) {
                    Refusal.refuse(context, rule, "scope " + scope + " from a " + trust.claimValue() + " device",
                            "ztDeviceRestricted", null);
                    return;
                }
            }
        }
        context.success();
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
