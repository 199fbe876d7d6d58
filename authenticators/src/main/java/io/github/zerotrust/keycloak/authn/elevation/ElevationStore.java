package io.github.zerotrust.keycloak.authn.elevation;

import io.github.zerotrust.keycloak.elevation.Eligibility;
import io.github.zerotrust.keycloak.elevation.Elevation;
import io.github.zerotrust.keycloak.elevation.ElevationRequest;
import io.github.zerotrust.keycloak.elevation.RecordId;
import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;
import jakarta.persistence.LockModeType;
import jakarta.persistence.TypedQuery;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

/**
 * Eligibilities, elevations and requests in the realm's database, always scoped to one realm. A row whose
 * stored record cannot be read (written around this code, or by a later version) is left out of every
 * read with an error in the log, so one broken row never stops the others; expiry still ends it from its
 * columns ({@link #due}).
 */
final class ElevationStore {

    private static final Logger LOG = Logger.getLogger(ElevationStore.class);

    /**
     * An active elevation whose end has come, as its row says: the columns always, the record when it reads.
     *
     * @param elevation empty when the stored record is unreadable
     */
    record Due(String realmId, String id, String userId, String role, Instant end, Optional<Elevation> elevation) {
    }

    /** The JPA hint for a lock's timeout, and the value Hibernate reads in it as {@code SKIP LOCKED} ({@code LockOptions.SKIP_LOCKED}). */
    private static final String LOCK_TIMEOUT = "jakarta.persistence.lock.timeout";
    private static final int SKIP_LOCKED = -2;

    private final EntityManager em;

    ElevationStore(KeycloakSession session) {
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    List<Eligibility> eligibilities(String realmId) {
        return em.createNamedQuery("ztEligibilitiesOfRealm", EligibilityEntity.class).setParameter("realmId", realmId)
                .getResultStream().map(ElevationStore::readableEligibility).flatMap(Optional::stream).toList();
    }

    Optional<Eligibility> eligibility(String realmId, RecordId id) {
        EligibilityEntity e = em.find(EligibilityEntity.class, id.toString());
        return e == null || !e.getRealmId().equals(realmId) ? Optional.empty() : readableEligibility(e);
    }

    /** An unreadable eligibility grants nothing (left out), and the others still work. */
    private static Optional<Eligibility> readableEligibility(EligibilityEntity e) {
        try {
            return Optional.of(ElevationJson.eligibility(e.getBody()));
        } catch (RuntimeException unreadable) {
            LOG.errorf("Eligibility %s (realm %s) has an unreadable stored record, left out: %s", e.getId(), e.getRealmId(),
                    unreadable.getMessage());
            return Optional.empty();
        }
    }

    void save(String realmId, Eligibility eligibility) {
        EligibilityEntity e = em.find(EligibilityEntity.class, eligibility.id().toString());
        boolean created = e == null;
        if (created) {
            e = new EligibilityEntity();
            e.setId(eligibility.id().toString());
            e.setRealmId(realmId);
        } else if (!e.getRealmId().equals(realmId)) {
            throw new IllegalArgumentException("Eligibility " + eligibility.id() + " is another realm's");
        }
        e.setPrincipalType(eligibility.principal().type().name());
        e.setPrincipalId(eligibility.principal().id());
        e.setRole(eligibility.role().toString());
        e.setBody(ElevationJson.write(eligibility));
        if (created) {
            em.persist(e);
        }
    }

    boolean deleteEligibility(String realmId, RecordId id) {
        EligibilityEntity e = em.find(EligibilityEntity.class, id.toString());
        if (e == null || !e.getRealmId().equals(realmId)) {
            return false;
        }
        em.remove(e);
        return true;
    }

    /** Inserts a new elevation and flushes, so a second active one for the same user and role fails here. */
    void insert(String realmId, Elevation elevation) {
        ElevationEntity e = new ElevationEntity();
        e.setId(elevation.id().toString());
        e.setRealmId(realmId);
        fill(e, elevation);
        em.persist(e);
        em.flush();
    }

    void update(String realmId, Elevation elevation) {
        ElevationEntity e = em.find(ElevationEntity.class, elevation.id().toString());
        if (e == null || !e.getRealmId().equals(realmId)) {
            throw new IllegalArgumentException("No elevation " + elevation.id());
        }
        fill(e, elevation);
        em.flush();
    }

    /** As {@link #update}, but left to the transaction's commit (or the next query) to write. */
    void write(String realmId, Elevation elevation) {
        ElevationEntity e = em.find(ElevationEntity.class, elevation.id().toString());
        if (e == null || !e.getRealmId().equals(realmId)) {
            throw new IllegalArgumentException("No elevation " + elevation.id());
        }
        fill(e, elevation);
    }

    /**
     * Which of {@code rows}' roles another active elevation of the same user in the same realm holds too, as
     * {@link #heldKey} keys: one query for a whole chunk of ends.
     */
    Set<String> heldElsewhere(List<Due> rows) {
        if (rows.isEmpty()) {
            return Set.of();
        }
        Set<String> users = rows.stream().map(Due::userId).collect(java.util.stream.Collectors.toSet());
        Set<String> ids = rows.stream().map(Due::id).collect(java.util.stream.Collectors.toSet());
        return em.createNamedQuery("ztActiveRolesOfUsers", Object[].class).setParameter("userIds", users)
                .setParameter("ids", ids).getResultStream()
                .map(r -> heldKey((String) r[0], (String) r[1], (String) r[2]))
                .collect(java.util.stream.Collectors.toSet());
    }

    static String heldKey(String realmId, String userId, String role) {
        return realmId + '\n' + userId + '\n' + role;
    }

    static String heldKey(Due due) {
        return heldKey(due.realmId(), due.userId(), due.role());
    }

    private static void fill(ElevationEntity e, Elevation elevation) {
        e.setUserId(elevation.userId());
        e.setRole(elevation.role().toString());
        e.setStatus(elevation.status().name());
        e.setEndAt(elevation.end().toEpochMilli());
        e.setActiveSlot(elevation.status() == Elevation.Status.ACTIVE ? ElevationEntity.ACTIVE : elevation.id().toString());
        e.setBody(ElevationJson.write(elevation));
    }

    Optional<Elevation> elevation(String realmId, RecordId id) {
        ElevationEntity e = em.find(ElevationEntity.class, id.toString());
        return e == null || !e.getRealmId().equals(realmId) ? Optional.empty() : readable(e);
    }

    List<Elevation> elevationsOf(String realmId, String userId) {
        return readable(em.createNamedQuery("ztElevationsOfUser", ElevationEntity.class).setParameter("realmId", realmId)
                .setParameter("userId", userId).setMaxResults(500).getResultStream());
    }

    List<Elevation> activeElevationsOf(String realmId, String userId) {
        return readable(em.createNamedQuery("ztActiveElevationsOfUser", ElevationEntity.class).setParameter("realmId", realmId)
                .setParameter("userId", userId).getResultStream());
    }

    /** The active elevations started under one eligibility (its id is in the record, not a column). */
    List<Elevation> activeElevationsOfEligibility(String realmId, RecordId eligibilityId) {
        return readable(em.createNamedQuery("ztActiveElevationsOfRealm", ElevationEntity.class).setParameter("realmId", realmId)
                .getResultStream()).stream().filter(e -> e.eligibilityId().equals(eligibilityId)).toList();
    }

    List<Elevation> elevationsOfRealm(String realmId, int max) {
        return readable(em.createNamedQuery("ztElevationsOfRealm", ElevationEntity.class).setParameter("realmId", realmId)
                .setMaxResults(max).getResultStream());
    }

    /**
     * Writes this transaction's changes at its commit only, not before each query: for the expiry's chunk, which
     * queries nothing its own writes change (the rows were read and locked first; each role's removal flushes itself),
     * and whose session holds more entities with every end, each of them visited by every flush.
     */
    void flushAtCommitOnly() {
        em.setFlushMode(FlushModeType.COMMIT);
    }

    /**
     * Takes up to {@code max} active elevations whose end is at or before {@code until}, across realms, oldest end
     * first, and locks their rows until this transaction ends. Rows another node's transaction holds are passed over,
     * not waited for ({@code SKIP LOCKED} where the database has it): nodes working at once take disjoint rows, so
     * the cluster ends in parallel what is due, and each elevation once. On a database without it (H2) the lock waits,
     * which one node never does on itself.
     */
    List<Due> takeDue(Instant until, int max, Set<String> passOver) {
        return dueQuery(until, passOver).setLockMode(LockModeType.PESSIMISTIC_WRITE).setHint(LOCK_TIMEOUT, SKIP_LOCKED)
                .setMaxResults(max).getResultStream().map(ElevationStore::due).toList();
    }

    /** Takes one elevation if it is still active and due and no other transaction holds it (as {@link #takeDue}). */
    boolean takeDue(String id, Instant until) {
        return !em.createNamedQuery("ztDueElevation", ElevationEntity.class).setParameter("id", id)
                .setParameter("until", until.toEpochMilli()).setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .setHint(LOCK_TIMEOUT, SKIP_LOCKED).getResultList().isEmpty();
    }

    /** Active elevations due by {@code until}, oldest end first, but those in {@code passOver}; nothing locked. */
    List<Due> due(Instant until, int max, Set<String> passOver) {
        return dueQuery(until, passOver).setMaxResults(max).getResultStream().map(ElevationStore::due).toList();
    }

    private TypedQuery<ElevationEntity> dueQuery(Instant until, Set<String> passOver) {
        TypedQuery<ElevationEntity> query = passOver.isEmpty()
                ? em.createNamedQuery("ztDueElevations", ElevationEntity.class)
                : em.createQuery("select e from ElevationEntity e where e.status = 'ACTIVE' and e.endAt <= :until"
                        + " and e.id not in :passOver order by e.endAt", ElevationEntity.class).setParameter("passOver", passOver);
        return query.setParameter("until", until.toEpochMilli());
    }

    private static Due due(ElevationEntity e) {
        return new Due(e.getRealmId(), e.getId(), e.getUserId(), e.getRole(), Instant.ofEpochMilli(e.getEndAt()), readable(e));
    }

    /** Active elevations whose end is at or before {@code until}, across realms, oldest end first, readable or not. */
    List<Due> due(Instant until, int max) {
        return due(until, max, Set.of());
    }

    /** Ends an elevation whose record cannot be read, from its columns alone; its body stays for whoever repairs it. */
    void endUnreadable(String realmId, String id) {
        ElevationEntity e = em.find(ElevationEntity.class, id);
        if (e == null || !e.getRealmId().equals(realmId) || !ElevationEntity.ACTIVE.equals(e.getStatus())) {
            return;
        }
        e.setStatus(Elevation.Status.EXPIRED.name());
        e.setActiveSlot(e.getId());
        em.flush();
    }

    private static List<Elevation> readable(Stream<ElevationEntity> rows) {
        return rows.map(ElevationStore::readable).flatMap(Optional::stream).toList();
    }

    private static Optional<Elevation> readable(ElevationEntity e) {
        try {
            return Optional.of(ElevationJson.elevation(e.getBody()));
        } catch (RuntimeException unreadable) {
            LOG.errorf("Elevation %s (realm %s) has an unreadable stored record, left out: %s", e.getId(), e.getRealmId(),
                    unreadable.getMessage());
            return Optional.empty();
        }
    }

    void insert(String realmId, ElevationRequest request) {
        ElevationRequestEntity e = new ElevationRequestEntity();
        e.setId(request.id().toString());
        e.setRealmId(realmId);
        fill(e, request);
        em.persist(e);
        em.flush();
    }

    void update(String realmId, ElevationRequest request) {
        ElevationRequestEntity e = em.find(ElevationRequestEntity.class, request.id().toString());
        if (e == null || !e.getRealmId().equals(realmId)) {
            throw new IllegalArgumentException("No request " + request.id());
        }
        fill(e, request);
        em.flush();
    }

    private static void fill(ElevationRequestEntity e, ElevationRequest request) {
        e.setRequesterId(request.requesterId());
        e.setState(request.state().name());
        e.setLapsesAt(request.lapsesAt().toEpochMilli());
        e.setBody(ElevationJson.write(request));
    }

    Optional<ElevationRequest> request(String realmId, RecordId id) {
        ElevationRequestEntity e = em.find(ElevationRequestEntity.class, id.toString());
        return e == null || !e.getRealmId().equals(realmId) ? Optional.empty() : readableRequest(e);
    }

    /**
     * The request, its row locked until this transaction ends: two answers to one request (two approvers on two
     * nodes at once) are then taken one after the other, the second reading the first's approval, so none is lost
     * and the elevation starts once.
     */
    Optional<ElevationRequest> requestToAnswer(String realmId, RecordId id) {
        ElevationRequestEntity e = em.find(ElevationRequestEntity.class, id.toString(), LockModeType.PESSIMISTIC_WRITE);
        return e == null || !e.getRealmId().equals(realmId) ? Optional.empty() : readableRequest(e);
    }

    List<ElevationRequest> pendingRequests(String realmId) {
        return em.createNamedQuery("ztPendingRequestsOfRealm", ElevationRequestEntity.class).setParameter("realmId", realmId)
                .setMaxResults(500).getResultStream().map(ElevationStore::readableRequest).flatMap(Optional::stream).toList();
    }

    List<ElevationRequest> requestsOf(String realmId, String userId) {
        return em.createNamedQuery("ztRequestsOfUser", ElevationRequestEntity.class).setParameter("realmId", realmId)
                .setParameter("userId", userId).setMaxResults(200).getResultStream()
                .map(ElevationStore::readableRequest).flatMap(Optional::stream).toList();
    }

    /** Pending requests past their lapse time, across realms: (realm id, request); unreadable ones are left out. */
    List<Object[]> lapsing(Instant until, int max) {
        return em.createNamedQuery("ztLapsingRequests", ElevationRequestEntity.class).setParameter("until", until.toEpochMilli())
                .setMaxResults(max).getResultStream()
                .flatMap(e -> readableRequest(e).stream().map(r -> new Object[] {e.getRealmId(), r})).toList();
    }

    private static Optional<ElevationRequest> readableRequest(ElevationRequestEntity e) {
        try {
            return Optional.of(ElevationJson.request(e.getBody()));
        } catch (RuntimeException unreadable) {
            LOG.errorf("Elevation request %s (realm %s) has an unreadable stored record, left out: %s", e.getId(),
                    e.getRealmId(), unreadable.getMessage());
            return Optional.empty();
        }
    }

    /** A removed user's eligibilities, elevations and requests go with them. */
    void deleteUser(String realmId, String userId) {
        em.createNamedQuery("ztDeleteElevationsOfUser").setParameter("realmId", realmId).setParameter("userId", userId).executeUpdate();
        em.createNamedQuery("ztDeleteRequestsOfUser").setParameter("realmId", realmId).setParameter("userId", userId).executeUpdate();
        em.createNamedQuery("ztDeleteEligibilitiesOfUser").setParameter("realmId", realmId).setParameter("userId", userId).executeUpdate();
    }

    void deleteRealm(String realmId) {
        em.createNamedQuery("ztDeleteEligibilitiesOfRealm").setParameter("realmId", realmId).executeUpdate();
        em.createNamedQuery("ztDeleteElevationsOfRealm").setParameter("realmId", realmId).executeUpdate();
        em.createNamedQuery("ztDeleteRequestsOfRealm").setParameter("realmId", realmId).executeUpdate();
    }
}
