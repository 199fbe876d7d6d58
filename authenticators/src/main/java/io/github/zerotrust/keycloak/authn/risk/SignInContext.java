package io.github.zerotrust.keycloak.authn.risk;

import io.github.zerotrust.keycloak.authn.signin.SignInLocation;
import io.github.zerotrust.keycloak.risk.AddressKey;
import io.github.zerotrust.keycloak.risk.DeviceThreat;
import io.github.zerotrust.keycloak.risk.PastSignIn;
import io.github.zerotrust.keycloak.risk.RiskSettings;
import io.github.zerotrust.keycloak.risk.SignInHistory;
import io.github.zerotrust.keycloak.risk.SignInFacts;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Gathers the facts of one sign-in (real or hypothetical) from Keycloak: where it comes from, the
 * user's history and recent failures. Reads only: the history learns in {@link RiskEventListener}.
 */
final class SignInContext {

    private SignInContext() {
    }

    /** Rows a user's history may exceed its size by before they are pruned: pruning on every sign-in costs a query. */
    static final int PRUNE_SLACK = 10;

    /**
     * @param facts        the facts for the risk core
     * @param needsPruning whether the stored history has outgrown its size or age, so recording the
     *                     sign-in should also prune it
     */
    record Gathered(SignInFacts facts, boolean needsPruning) {
    }

    /** @param deviceThreat what the device step found the device's own tooling reporting in this sign-in, if it ran */
    static Gathered gather(KeycloakSession session, RealmModel realm, UserModel user, SignInLocation location,
                           String deviceId, Optional<DeviceThreat> deviceThreat, Instant at, RiskSettings settings) {
        String addressKey = location.address().map(a -> addressKey(session, realm, settings).of(a)).orElse(null);
        List<PastSignIn> stored = new SignInHistoryStore(session).recent(realm.getId(), user.getId(),
                settings.historySize() + PRUNE_SLACK);
        boolean needsPruning = stored.size() >= settings.historySize() + PRUNE_SLACK
                || !stored.isEmpty() && stored.get(stored.size() - 1).at().isBefore(at.minus(settings.historyRetention()));
        List<PastSignIn> history = SignInHistory.retain(stored, settings.historySize(), settings.historyRetention(), at);
        FailureCounters failures = new FailureCounters(session);
        Duration window = settings.failureVelocity().window();
        return new Gathered(new SignInFacts(at, location.address(), addressKey, location.geo(), location.zones(), deviceId, history,
                failures.ofUser(realm.getId(), user.getId(), window),
                failures.ofSource(realm.getId(), location.address().orElse(null), window), deviceThreat),
                needsPruning);
    }

    /**
     * The address as history and counters keep it: in the clear, or, when the realm chose privacy,
     * hashed with the realm's own HMAC key (so no extra secret to manage; a key rotation only
     * makes old addresses unrecognisable, which no signal depends on).
     */
    static AddressKey addressKey(KeycloakSession session, RealmModel realm, RiskSettings settings) {
        if (!settings.hashAddresses()) {
            return AddressKey.plain();
        }
        KeyWrapper key = session.keys().getActiveKey(realm, KeyUse.SIG, "HS512");
        if (key == null || key.getSecretKey() == null) {
            return AddressKey.plain();
        }
        return AddressKey.hashed(key.getSecretKey().getEncoded());
    }
}
