package io.github.zerotrust.keycloak.authn.model;

import java.util.List;
import org.infinispan.Cache;
import org.infinispan.configuration.cache.CacheMode;
import org.infinispan.manager.EmbeddedCacheManager;
import org.infinispan.notifications.Listener;
import org.infinispan.notifications.cachemanagerlistener.annotation.ViewChanged;
import org.infinispan.notifications.cachemanagerlistener.event.ViewChangedEvent;
import org.jboss.logging.Logger;
import org.keycloak.connections.infinispan.InfinispanConnectionProvider;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * When a node leaves the cluster, every node that stays empties its local caches of database state (realms, users,
 * authorization, keys) so that the next read of each goes to the database. A node killed between its database commit
 * and the cache invalidation it sends after it leaves the other nodes holding the old state of what it changed — a
 * role an elevation granted or took away, a user's attributes — for as long as the entry stays cached, which for users
 * and realms is until a later change: a survivor would issue tokens with a role the database no longer grants. Keycloak
 * itself empties these caches only when a split cluster merges. A node leaving is rare, and the cost is one database
 * read per realm and user on their next use.
 */
@Listener(sync = false)
public final class LostNodeCaches {

    private static final Logger LOG = Logger.getLogger(LostNodeCaches.class);

    /** Keycloak's local caches of database state: the realm, user and authorization caches, and the key cache. */
    static final List<String> LOCAL_CACHES = List.of(InfinispanConnectionProvider.REALM_CACHE_NAME,
            InfinispanConnectionProvider.USER_CACHE_NAME, InfinispanConnectionProvider.AUTHORIZATION_CACHE_NAME,
            InfinispanConnectionProvider.KEYS_CACHE_NAME);

    private final EmbeddedCacheManager caches;

    private LostNodeCaches(EmbeddedCacheManager caches) {
        this.caches = caches;
    }

    /** Watches the cluster's membership once Keycloak has started (before it, Infinispan may not be up). */
    public static void watch(KeycloakSessionFactory factory) {
        AfterStart.run(factory, session -> {
            InfinispanConnectionProvider infinispan = session.getProvider(InfinispanConnectionProvider.class);
            Cache<Object, Object> work = infinispan == null ? null
                    : infinispan.getCache(InfinispanConnectionProvider.WORK_CACHE_NAME);
            if (work == null || work.getCacheConfiguration().clustering().cacheMode() == CacheMode.LOCAL) {
                return; // one node (start-dev, cache=local): nobody to lose
            }
            work.getCacheManager().addListener(new LostNodeCaches(work.getCacheManager()));
            LOG.info("Local caches emptied on this node whenever another node leaves the cluster");
        });
    }

    @ViewChanged
    public void viewChanged(ViewChangedEvent event) {
        List<?> left = event.getOldMembers().stream().filter(m -> !event.getNewMembers().contains(m)).toList();
        if (left.isEmpty()) {
            return;
        }
        for (String name : LOCAL_CACHES) {
            try {
                if (caches.cacheExists(name)) {
                    Cache<?, ?> cache = caches.getCache(name);
                    if (cache.getCacheConfiguration().clustering().cacheMode() == CacheMode.LOCAL) {
                        cache.clear();
                    }
                }
            } catch (RuntimeException e) {
                LOG.warnf(e, "Could not empty the local cache %s after %s left the cluster", name, left);
            }
        }
        LOG.infof("Nodes %s left the cluster: this node's local caches (%s) emptied, so what they changed is read from "
                + "the database", left, String.join(", ", LOCAL_CACHES));
    }
}
