package io.github.zerotrust.keycloak.authn.risk;

import java.time.Duration;
import java.util.Map;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * Failed sign-ins per user and per address within a window, in Keycloak's clustered single-use
 * object store, so every node counts the same failures. The window restarts at each failure:
 * the count is "failures with no gap longer than the window", which is what velocity means here.
 */
final class FailureCounters {

    private static final String COUNT = "n";

    private final SingleUseObjectProvider store;

    FailureCounters(KeycloakSession session) {
        this.store = session.singleUseObjects();
    }

    int ofUser(String realmId, String userId) {
        return read(userKey(realmId, userId));
    }

    /** Counted by the address itself (canonical form): the counter lives minutes in memory, never in the history. */
    int ofAddress(String realmId, String address) {
        return address == null ? 0 : read(addressKey(realmId, address));
    }

    void failedForUser(String realmId, String userId, Duration window) {
        increment(userKey(realmId, userId), window);
    }

    void failedFromAddress(String realmId, String addressKey, Duration window) {
        if (addressKey != null) {
            increment(addressKey(realmId, addressKey), window);
        }
    }

    private int read(String key) {
        Map<String, String> value = store.get(key);
        if (value == null) {
            return 0;
        }
        try {
            return Integer.parseInt(value.getOrDefault(COUNT, "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private void increment(String key, Duration window) {
        int next = read(key) + 1;
        store.put(key, Math.max(1, window.toSeconds()), Map.of(COUNT, Integer.toString(next)));
    }

    private static String userKey(String realmId, String userId) {
        return "zt.fail.user." + realmId + "." + userId;
    }

    private static String addressKey(String realmId, String addressKey) {
        return "zt.fail.addr." + realmId + "." + addressKey;
    }
}
