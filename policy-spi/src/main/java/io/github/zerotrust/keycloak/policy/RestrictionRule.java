package io.github.zerotrust.keycloak.policy;

import io.github.zerotrust.keycloak.config.ConfigMap;
import io.github.zerotrust.keycloak.device.DeviceTrust;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code Zero Trust - restrict unmanaged devices}: lets a device below the required trust in, restricted
 * (no offline access, the listed apps and scopes refused). Without a device verdict the device counts as unmanaged,
 * and so does every device of a guest: the organisation does not manage a partner's devices, whatever they report.
 */
public final class RestrictionRule {

    public static final String OFFLINE_ACCESS = "offline_access";

    /** @param minimum the trust from which a session is not restricted */
    public record Settings(DeviceTrust minimum, Set<String> refusedClients, Set<String> refusedScopes) implements StepSettings {

        public static final String MINIMUM = "minimum";
        public static final String REFUSED_CLIENTS = "refused_clients";
        public static final String REFUSED_SCOPES = "refused_scopes";
        /** Each default as an admin would type it: what the parser falls back to and the step's screen shows. */
        public static final Map<String, String> DEFAULT_TEXT = Map.of(MINIMUM, "managed");

        public static Settings parse(Map<String, String> config) {
            ConfigMap in = ConfigMap.of(config);
            DeviceTrust minimum = "compliant".equalsIgnoreCase(in.text(MINIMUM, DEFAULT_TEXT.get(MINIMUM)))
                    ? DeviceTrust.COMPLIANT : DeviceTrust.MANAGED;
            Set<String> scopes = new HashSet<>(in.items(REFUSED_SCOPES));
            scopes.add(OFFLINE_ACCESS);
            return new Settings(minimum, Set.copyOf(in.items(REFUSED_CLIENTS)), Set.copyOf(scopes));
        }
    }

    private RestrictionRule() {
    }

    static Verdict judge(SignIn signIn, Settings settings) {
        boolean guest = signIn.who().flatMap(Who::guest).isPresent();
        DeviceTrust trust = guest ? DeviceTrust.UNMANAGED : signIn.device().map(DeviceFinding::trust).orElse(DeviceTrust.UNMANAGED);
        String from = guest ? " for a guest (devices count as unmanaged)" : " from a " + trust.claimValue() + " device";
        if (trust.atLeast(settings.minimum())) {
            return Verdict.passes(Reason.DEVICE_TRUSTED, "device " + trust.claimValue());
        }
        String clientId = signIn.clientId().orElse("");
        if (settings.refusedClients().contains(clientId)) {
            return Verdict.acts(new Action.Deny("ztDeviceRestricted", List.of()), Reason.CLIENT_REFUSED,
                    "application " + clientId + from);
        }
        for (String scope : signIn.requestedScopes()) {
            if (settings.refusedScopes().contains(scope)) {
                return Verdict.acts(new Action.Deny("ztDeviceRestricted", List.of()), Reason.SCOPE_REFUSED, "scope " + scope + from);
            }
        }
        return Verdict.acts(new Action.Restrict(), Reason.DEVICE_RESTRICTED, "restricted session" + from);
    }
}
