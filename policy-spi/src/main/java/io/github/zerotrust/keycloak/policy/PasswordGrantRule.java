package io.github.zerotrust.keycloak.policy;

import io.github.zerotrust.keycloak.config.ConfigMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code Zero Trust - block password grants}: the OAuth password grant, for every client not listed. */
public final class PasswordGrantRule {

    /** @param allowedClients client ids that may still use the password grant */
    public record Settings(Set<String> allowedClients) implements StepSettings {

        public static final String ALLOWED_CLIENTS = "allowed_clients";

        public static Settings parse(Map<String, String> config) {
            return new Settings(Set.copyOf(ConfigMap.of(config).multivalued(ALLOWED_CLIENTS)));
        }
    }

    private PasswordGrantRule() {
    }

    static Verdict judge(SignIn signIn, Settings settings) {
        String clientId = signIn.clientId().orElse("");
        if (settings.allowedClients().contains(clientId)) {
            return Verdict.passes(Reason.PASSWORD_GRANT_ALLOWED, "client " + clientId + " may use the password grant");
        }
        return Verdict.acts(new Action.Deny("ztPasswordGrantBlocked", List.of()), Reason.PASSWORD_GRANT_BLOCKED,
                "password grant blocked for client " + clientId);
    }
}
