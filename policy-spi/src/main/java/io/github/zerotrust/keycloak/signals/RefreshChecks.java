package io.github.zerotrust.keycloak.signals;

import io.github.zerotrust.keycloak.config.ConfigMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the continuous-access executor re-checks at every refresh, read once from its configuration. Each fact
 * that is on is read from the refresh request (or read again); one that is off is taken as it was at sign-in.
 *
 * @param location            the refresh's address (country, zones) is judged by the realm's rules (default on)
 * @param device              the session's device is judged by its standing now, not at sign-in (default on)
 * @param risk                the user's risk is scored again for the refresh (default on)
 * @param strictLocation      a refresh from outside the zones the sign-in was in is refused (default off)
 * @param confidentialClients whose address a confidential client's refresh is judged by (default the sign-in's)
 * @param problems            unreadable values, for the admin (each fell back to its default)
 */
public record RefreshChecks(boolean location, boolean device, boolean risk, boolean strictLocation,
                            ConfidentialClients confidentialClients, List<String> problems) {

    public static final String LOCATION = "zt.refresh.location";
    public static final String DEVICE = "zt.refresh.device";
    public static final String RISK = "zt.refresh.risk";
    public static final String STRICT_LOCATION = "zt.refresh.strict-location";
    public static final String CONFIDENTIAL_CLIENTS = "zt.refresh.confidential-clients";

    /**
     * A confidential client refreshes from its own server, so the request's address is the server's, not the user's.
     * {@code SIGN_IN_ADDRESS}: its refreshes are judged with the address the session signed in from (device and risk
     * are still re-checked); {@code REQUEST_ADDRESS}: with the request's (for confidential clients that run on the
     * user's device).
     */
    public enum ConfidentialClients {
        SIGN_IN_ADDRESS, REQUEST_ADDRESS;

        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static ConfidentialClients parse(String text) {
            for (ConfidentialClients value : values()) {
                if (value.id().equals(text.strip().toLowerCase(Locale.ROOT))) {
                    return value;
                }
            }
            throw new IllegalArgumentException("not sign-in-address or request-address");
        }
    }

    public RefreshChecks {
        problems = List.copyOf(problems);
    }

    public static RefreshChecks defaults() {
        return new RefreshChecks(true, true, true, false, ConfidentialClients.SIGN_IN_ADDRESS, List.of());
    }

    public static RefreshChecks parse(Map<String, String> config) {
        ConfigMap in = ConfigMap.of(config == null ? Map.of() : config);
        return new RefreshChecks(in.flag(LOCATION, true), in.flag(DEVICE, true), in.flag(RISK, true),
                in.flag(STRICT_LOCATION, false),
                in.value(CONFIDENTIAL_CLIENTS, ConfidentialClients.SIGN_IN_ADDRESS, ConfidentialClients::parse),
                in.problems());
    }

    /** Whether the request's address is the user's: a public client's always, a confidential one's if the admin said so. */
    public boolean requestAddressCounts(boolean publicClient) {
        return location && (publicClient || confidentialClients == ConfidentialClients.REQUEST_ADDRESS);
    }
}
