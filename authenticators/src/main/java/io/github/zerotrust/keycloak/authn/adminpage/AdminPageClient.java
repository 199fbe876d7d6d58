package io.github.zerotrust.keycloak.authn.adminpage;

import java.net.URI;
import java.util.List;
import java.util.Set;
import org.keycloak.Config;
import org.keycloak.models.ClientModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.services.managers.ClientManager;
import org.keycloak.urls.UrlType;

/**
 * The realm's public client {@value #CLIENT_ID} the admin page signs admins in with: the standard flow only, PKCE
 * S256, the page's own URL as its one redirect URI and the page's origin as its one web origin (ADR 0029).
 */
final class AdminPageClient {

    static final String CLIENT_ID = "zero-trust-admin";
    static final String NAME = "Zero Trust admin page";
    static final String PKCE = "pkce.code.challenge.method";
    static final String DEVICE_GRANT = "oauth2.device.authorization.grant.enabled";
    static final String CIBA = "oidc.ciba.grant.enabled";
    static final String POST_LOGOUT = "post.logout.redirect.uris";

    private final KeycloakSession session;
    private final RealmModel realm;

    AdminPageClient(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /** The page's URL as a browser reaches it: the realm's frontend URL, whatever host the caller used. */
    String pageUrl() {
        return pageUrl(session, realm);
    }

    static String pageUrl(KeycloakSession session, RealmModel realm) {
        return session.getContext().getUri(UrlType.FRONTEND).getBaseUriBuilder()
                .path("realms").path(realm.getName()).path("zero-trust").path("admin").build().toString() + "/";
    }

    String origin() {
        URI page = URI.create(pageUrl());
        return page.getScheme() + "://" + page.getRawAuthority();
    }

    /**
     * The role whose scope lets the page's tokens carry the admin's realm-management roles (Keycloak's admin REST reads
     * them from the token): {@code realm-management}'s {@code realm-admin}, a composite of them all; in the master realm
     * its realm role {@code admin}. Only roles the admin holds reach the token.
     */
    RoleModel adminScope() {
        if (Config.getAdminRealm().equals(realm.getName())) {
            return realm.getRole("admin");
        }
        ClientModel management = realm.getClientByClientId("realm-management");
        return management == null ? null : management.getRole("realm-admin");
    }

    boolean carriesAdminRoles(ClientModel c) {
        RoleModel scope = adminScope();
        return c.isFullScopeAllowed() || scope != null && c.hasDirectScope(scope);
    }

    ClientModel find() {
        return realm.getClientByClientId(CLIENT_ID);
    }

    /** The client's fitness; null when there is none. */
    ClientFit fit() {
        ClientModel client = find();
        return client == null ? null : ClientFit.of(shape(client), pageUrl(), origin());
    }

    ClientFit.Shape shape(ClientModel c) {
        // As Keycloak reads them: a relative redirect URI is relative to the client's root URL, else to the server's
        // frontend URL; the web origin "+" is the origins of the redirect URIs.
        String root = c.getRootUrl() == null || c.getRootUrl().isBlank() ? origin() : c.getRootUrl().replaceAll("/+$", "");
        Set<String> redirects = new java.util.TreeSet<>();
        for (String uri : c.getRedirectUris()) {
            redirects.add(uri.startsWith("/") ? root + uri : uri);
        }
        Set<String> origins = new java.util.TreeSet<>();
        for (String o : c.getWebOrigins()) {
            if ("+".equals(o)) {
                redirects.forEach(r -> origins.add(originOf(r)));
            } else {
                origins.add(o);
            }
        }
        return new ClientFit.Shape(c.getProtocol() == null ? "openid-connect" : c.getProtocol(), c.isPublicClient(),
                c.isBearerOnly(), c.isServiceAccountsEnabled(), c.isStandardFlowEnabled(), c.isImplicitFlowEnabled(),
                c.isDirectAccessGrantsEnabled(), "true".equals(c.getAttribute(DEVICE_GRANT)), "true".equals(c.getAttribute(CIBA)),
                c.getAttribute(PKCE), redirects, origins, carriesAdminRoles(c));
    }

    private static String originOf(String uri) {
        try {
            URI u = URI.create(uri);
            return u.getScheme() == null || u.getRawAuthority() == null ? uri : u.getScheme() + "://" + u.getRawAuthority();
        } catch (IllegalArgumentException e) {
            return uri;
        }
    }

    ClientModel create() {
        ClientRepresentation rep = new ClientRepresentation();
        rep.setClientId(CLIENT_ID);
        rep.setName(NAME);
        rep.setDescription("Signs admins in to the Zero Trust admin page with their own Keycloak identity.");
        rep.setProtocol("openid-connect");
        rep.setPublicClient(true);
        rep.setBearerOnly(false);
        rep.setServiceAccountsEnabled(false);
        rep.setStandardFlowEnabled(true);
        rep.setImplicitFlowEnabled(false);
        rep.setDirectAccessGrantsEnabled(false);
        rep.setConsentRequired(false);
        // Not every role of the admin: only the realm-management ones, which the admin REST reads from the token.
        rep.setFullScopeAllowed(false);
        rep.setRedirectUris(List.of(pageUrl()));
        rep.setWebOrigins(List.of(origin()));
        rep.setAttributes(new java.util.HashMap<>(java.util.Map.of(PKCE, "S256", DEVICE_GRANT, "false", CIBA, "false",
                POST_LOGOUT, pageUrl())));
        ClientModel created = ClientManager.createClient(session, realm, rep);
        RoleModel scope = adminScope();
        if (scope != null) {
            created.addScopeMapping(scope);
        }
        return created;
    }

    /** Narrows an existing client that {@link ClientFit#repairable()} allows: never widens what it lets through. */
    void repair(ClientModel c) {
        c.setStandardFlowEnabled(true);
        c.setImplicitFlowEnabled(false);
        c.setDirectAccessGrantsEnabled(false);
        c.setAttribute(DEVICE_GRANT, "false");
        c.setAttribute(CIBA, "false");
        c.setAttribute(PKCE, "S256");
        c.setRedirectUris(Set.of(pageUrl()));
        c.setWebOrigins(Set.of(origin()));
        c.setAttribute(POST_LOGOUT, pageUrl());
        if (!carriesAdminRoles(c) && adminScope() != null) {
            c.addScopeMapping(adminScope());
        }
    }
}
