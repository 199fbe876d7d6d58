package io.github.zerotrust.keycloak.authn.risk;

import io.github.zerotrust.keycloak.location.Country;
import io.github.zerotrust.keycloak.risk.PastSignIn;
import io.github.zerotrust.keycloak.risk.SignInHistory;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Sign-in history in the realm's database, bounded per user by count and age. Every node reads and
 * writes the same rows, so the history is the same wherever the next sign-in lands.
 */
final class SignInHistoryStore {

    private final EntityManager em;

    SignInHistoryStore(KeycloakSession session) {
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    /** Newest first, at most {@code limit} entries. */
    List<PastSignIn> recent(String realmId, String userId, int limit) {
        return em.createNamedQuery("ztSignInsOfUser", SignInHistoryEntity.class)
                .setParameter("realmId", realmId)
                .setParameter("userId", userId)
                .setMaxResults(limit)
                .getResultStream()
                .map(SignInHistoryStore::toPastSignIn)
                .toList();
    }

    /**
     * Adds a successful sign-in; with {@code prune}, also drops what the retention rule no longer
     * keeps (the assessment saw the history outgrow its size or age).
     */
    void record(String realmId, String userId, PastSignIn signIn, String riskLevel, int maxEntries, Duration maxAge,
                boolean prune) {
        SignInHistoryEntity e = new SignInHistoryEntity();
        e.setId(KeycloakModelUtils.generateId());
        e.setRealmId(realmId);
        e.setUserId(userId);
        e.setSignedInAt(signIn.at().toEpochMilli());
        e.setAddressKey(signIn.addressKey());
        e.setCountry(signIn.country().isKnown() ? signIn.country().isoCode() : null);
        e.setLatitude(signIn.latitude());
        e.setLongitude(signIn.longitude());
        e.setAccuracyKm(signIn.accuracyRadiusKm());
        e.setAsn(signIn.asn());
        e.setDeviceId(signIn.deviceId());
        e.setZones(signIn.zones().isEmpty() ? null : String.join(",", new TreeSet<>(signIn.zones())));
        e.setRiskLevel(riskLevel);
        em.persist(e);
        if (prune) {
            em.flush();
            prune(realmId, userId, maxEntries, maxAge, signIn.at());
        }
    }

    private void prune(String realmId, String userId, int maxEntries, Duration maxAge, Instant now) {
        List<SignInHistoryEntity> all = em.createNamedQuery("ztSignInsOfUser", SignInHistoryEntity.class)
                .setParameter("realmId", realmId)
                .setParameter("userId", userId)
                .setMaxResults(maxEntries + SignInContext.PRUNE_SLACK + 50)
                .getResultList();
        // Both lists are newest first and the retention rule keeps a newest-first prefix.
        int kept = SignInHistory.retain(all.stream().map(SignInHistoryStore::toPastSignIn).toList(),
                maxEntries, maxAge, now).size();
        List<String> drop = all.subList(kept, all.size()).stream().map(SignInHistoryEntity::getId).toList();
        if (!drop.isEmpty()) {
            em.createNamedQuery("ztDeleteSignInsByIds").setParameter("ids", drop).executeUpdate();
        }
    }

    void forgetUser(String realmId, String userId) {
        em.createNamedQuery("ztDeleteSignInsOfUser").setParameter("realmId", realmId).setParameter("userId", userId)
                .executeUpdate();
    }

    void forgetRealm(String realmId) {
        em.createNamedQuery("ztDeleteSignInsOfRealm").setParameter("realmId", realmId).executeUpdate();
    }

    private static PastSignIn toPastSignIn(SignInHistoryEntity e) {
        Country country = e.getCountry() == null ? Country.UNKNOWN : Country.parse(e.getCountry()).orElse(Country.UNKNOWN);
        Set<String> zones = e.getZones() == null ? Set.of() : new HashSet<>(Arrays.asList(e.getZones().split(",")));
        return new PastSignIn(Instant.ofEpochMilli(e.getSignedInAt()), e.getAddressKey(), country, e.getLatitude(),
                e.getLongitude(), e.getAccuracyKm(), e.getAsn(), e.getDeviceId(), zones);
    }
}
