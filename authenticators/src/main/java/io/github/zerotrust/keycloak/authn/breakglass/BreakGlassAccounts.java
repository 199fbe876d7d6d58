package io.github.zerotrust.keycloak.authn.breakglass;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.github.zerotrust.keycloak.authn.model.LockedRealmAttribute;
import io.github.zerotrust.keycloak.json.JsonFormat;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * A realm's break-glass accounts: the user ids in the realm attribute {@value #ATTRIBUTE} (a JSON array), so they are
 * stored with the realm, cached on every node, exported and imported with it. A user attribute would not do: anyone
 * who may edit users could mark an account, and a marked account passes every zero-trust step.
 */
public final class BreakGlassAccounts {

    public static final String ATTRIBUTE = "zt.break-glass.accounts";
    private static final Logger LOG = Logger.getLogger(BreakGlassAccounts.class);
    private static final int MAX_READ = 256;
    private static final Map<String, Set<String>> READ = new ConcurrentHashMap<>();

    private BreakGlassAccounts() {
    }

    /** The marked user ids; empty when none are marked or the attribute does not read (then a warning). */
    public static Set<String> ids(RealmModel realm) {
        return read(realm, realm.getAttribute(ATTRIBUTE));
    }

    /**
     * The marked user ids as committed, with the realm's row locked until the request ends: for a change of the
     * list, so two admins marking at once (on any nodes) both keep their mark.
     */
    public static Set<String> lockedIds(KeycloakSession session, RealmModel realm) {
        return read(realm, LockedRealmAttribute.lockAndRead(session, realm, ATTRIBUTE));
    }

    private static Set<String> read(RealmModel realm, String json) {
        if (json == null || json.isBlank()) {
            return Set.of();
        }
        // Asked by every zero-trust step of every sign-in: the text read once per node (a changed list is a new text).
        Set<String> known = READ.get(json);
        if (known != null) {
            return known;
        }
        try {
            List<String> ids = JsonFormat.lenient().readValue(json, new TypeReference<List<String>>() { });
            Set<String> clean = new TreeSet<>();
            if (ids != null) {
                ids.stream().filter(id -> id != null && !id.isBlank()).forEach(clean::add);
            }
            Set<String> read = Collections.unmodifiableSet(clean);
            if (READ.size() >= MAX_READ) {
                READ.clear();
            }
            READ.put(json, read);
            return read;
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.warnf("Realm %s: the realm attribute %s does not read as a JSON array of user ids; no account is treated as break-glass",
                    realm.getName(), ATTRIBUTE);
            return Set.of();
        }
    }

    public static boolean isBreakGlass(RealmModel realm, UserModel user) {
        return user != null && ids(realm).contains(user.getId());
    }

    /** Stores the marked user ids (sorted, so an export is stable). Rights are the caller's to check. */
    public static void save(RealmModel realm, Set<String> ids) {
        if (ids.isEmpty()) {
            realm.removeAttribute(ATTRIBUTE);
            return;
        }
        try {
            realm.setAttribute(ATTRIBUTE, JsonFormat.strict().writeValueAsString(new TreeSet<>(ids)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
