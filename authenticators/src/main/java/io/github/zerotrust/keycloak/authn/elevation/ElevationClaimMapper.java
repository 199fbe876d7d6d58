package io.github.zerotrust.keycloak.authn.elevation;

import io.github.zerotrust.keycloak.elevation.Elevation;
import io.github.zerotrust.keycloak.elevation.RoleRef;
import io.github.zerotrust.keycloak.elevation.TokenLifetime;
import io.github.zerotrust.keycloak.spi.KeycloakClock;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.utils.RoleUtils;
import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.protocol.oidc.mappers.OIDCIDTokenMapper;
import org.keycloak.protocol.oidc.mappers.TokenIntrospectionTokenMapper;
import org.keycloak.protocol.oidc.mappers.UserInfoTokenMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.IDToken;

/**
 * {@code zt_elevations}: the user's active elevations and their ends, and the token's own expiry cut so no token
 * outlives an elevation whose role it carries — the role itself, or any role the user holds only through it
 * (a composite's children), in the token or, for a lightweight token, in what introspection will show (the client
 * session's roles). ID tokens and introspection answers are cut the same way. An elevation past its end that the
 * expiry task has not reached yet (at most a turn) already counts as ended: its role is left out. Runs after
 * Keycloak's role mappers. Every OIDC client carries it through the realm's default client scope
 * {@code zt-elevations}, where it only cuts and adds no claim ({@link ElevationTokenScope}, ADR 0020).
 */
public final class ElevationClaimMapper extends AbstractOIDCProtocolMapper
        implements OIDCAccessTokenMapper, OIDCIDTokenMapper, UserInfoTokenMapper, TokenIntrospectionTokenMapper {

    public static final String ID = "zt-elevation-mapper";
    static final String CLAIM = "zt_elevations";
    private static final int PRIORITY = 60;
    private static final List<ProviderConfigProperty> CONFIG = new ArrayList<>();

    static {
        OIDCAttributeMapperHelper.addIncludeInTokensConfig(CONFIG, ElevationClaimMapper.class);
    }

    private final Clock clock = KeycloakClock.get();

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getDisplayCategory() {
        return TOKEN_MAPPER_CATEGORY;
    }

    @Override
    public String getDisplayType() {
        return "Zero Trust - active elevations";
    }

    @Override
    public String getHelpText() {
        return "Adds zt_elevations (role and end of each active just-in-time elevation) and ends the token no later than "
                + "the elevations whose roles it carries.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG;
    }

    @Override
    public int getPriority() {
        return PRIORITY;
    }

    @Override
    public AccessToken transformAccessToken(AccessToken token, ProtocolMapperModel mappingModel, KeycloakSession session,
                                            UserSessionModel userSession, ClientSessionContext clientSessionCtx) {
        List<Elevation> elevations = elevations(session, userSession);
        if (!elevations.isEmpty()) {
            limit(token, elevations, grants(session, userSession, elevations), sessionRoles(clientSessionCtx));
        }
        return super.transformAccessToken(token, mappingModel, session, userSession, clientSessionCtx);
    }

    @Override
    public IDToken transformIDToken(IDToken token, ProtocolMapperModel mappingModel, KeycloakSession session,
                                    UserSessionModel userSession, ClientSessionContext clientSessionCtx) {
        List<Elevation> elevations = elevations(session, userSession);
        if (!elevations.isEmpty()) {
            cap(token, elevations, grants(session, userSession, elevations), sessionRoles(clientSessionCtx));
        }
        return super.transformIDToken(token, mappingModel, session, userSession, clientSessionCtx);
    }

    @Override
    public AccessToken transformIntrospectionToken(AccessToken token, ProtocolMapperModel mappingModel, KeycloakSession session,
                                                   UserSessionModel userSession, ClientSessionContext clientSessionCtx) {
        List<Elevation> elevations = elevations(session, userSession);
        if (!elevations.isEmpty()) {
            limit(token, elevations, grants(session, userSession, elevations), sessionRoles(clientSessionCtx));
        }
        return super.transformIntrospectionToken(token, mappingModel, session, userSession, clientSessionCtx);
    }

    /**
     * For each active elevation, the roles the user holds only because of it: its role and every role its composites
     * reach, less what the user's other mappings (direct, groups and their parents, composites expanded) give anyway.
     */
    static Map<Elevation, Set<RoleRef>> grants(KeycloakSession session, UserSessionModel userSession, List<Elevation> elevations) {
        UserModel user = userSession.getUser();
        Directory directory = new Directory(session, userSession.getRealm());
        Map<Elevation, RoleModel> elevated = new HashMap<>();
        for (Elevation e : elevations) {
            directory.role(e.role()).ifPresent(r -> elevated.put(e, r));
        }
        Set<RoleModel> others = new HashSet<>();
        user.getRoleMappingsStream().filter(r -> !elevated.containsValue(r)).forEach(others::add);
        user.getGroupsStream().forEach(g -> {
            for (GroupModel at = g; at != null; at = at.getParent()) {
                at.getRoleMappingsStream().forEach(others::add);
            }
        });
        Set<RoleRef> anyway = refs(RoleUtils.expandCompositeRoles(others));
        Map<Elevation, Set<RoleRef>> grants = new HashMap<>();
        for (Elevation e : elevations) {
            Set<RoleRef> only = new HashSet<>(Set.of(e.role()));
            RoleModel role = elevated.get(e);
            if (role != null) {
                only.addAll(refs(RoleUtils.expandCompositeRoles(Set.of(role))));
                only.removeAll(anyway);
                only.add(e.role());
            }
            grants.put(e, only);
        }
        return grants;
    }

    private static Set<RoleRef> refs(Set<RoleModel> roles) {
        Set<RoleRef> refs = new HashSet<>();
        for (RoleModel role : roles) {
            try {
                refs.add(Directory.ref(role));
            } catch (RuntimeException unnamable) {
                // a role name the text form cannot hold (a colon): it cannot be elevated either
            }
        }
        return refs;
    }

    /** The roles of the client session: what a lightweight token stands for at introspection. */
    private static Set<RoleRef> sessionRoles(ClientSessionContext clientSessionCtx) {
        return clientSessionCtx == null ? Set.of() : refs(clientSessionCtx.getRolesStream().collect(Collectors.toSet()));
    }

    /**
     * Leaves out the roles of elevations that are no longer (or not yet) active and cuts {@code exp}. The token's
     * {@code iat} and {@code exp} come from Keycloak's time, and so must "now" here: under Keycloak's time offset
     * another clock would keep an ended role or drop a live one, and cut {@code exp} against the wrong second.
     */
    void limit(AccessToken token, List<Elevation> elevations) {
        Map<Elevation, Set<RoleRef>> own = new HashMap<>();
        elevations.forEach(e -> own.put(e, Set.of(e.role())));
        limit(token, elevations, own, Set.of());
    }

    void limit(AccessToken token, List<Elevation> elevations, Map<Elevation, Set<RoleRef>> grants, Set<RoleRef> sessionRoles) {
        Instant now = clock.instant();
        for (Elevation e : elevations) {
            if (!e.isActive(now)) {
                removeRole(token, e.role());
            }
        }
        cap(token, elevations, grants, sessionRoles);
    }

    /** Cuts {@code exp} to the earliest end of the elevations whose roles the token carries or stands for. */
    private void cap(IDToken token, List<Elevation> elevations, Map<Elevation, Set<RoleRef>> grants, Set<RoleRef> sessionRoles) {
        if (token.getExp() == null) {
            return;
        }
        Instant now = clock.instant();
        Set<RoleRef> carried = new HashSet<>(sessionRoles);
        if (token instanceof AccessToken access) {
            carried.addAll(rolesIn(access));
        }
        Instant capped = TokenLifetime.cap(Instant.ofEpochSecond(token.getExp()), grants, carried, now);
        token.exp(Math.max(now.getEpochSecond(), capped.getEpochSecond()));
    }

    @Override
    protected void setClaim(IDToken token, ProtocolMapperModel mappingModel, UserSessionModel userSession,
                            KeycloakSession session, ClientSessionContext clientSessionCtx) {
        token.getOtherClaims().put(CLAIM, claim(elevations(session, userSession)));
    }

    /** {@code zt_elevations}: role and end of each elevation active now. */
    List<Map<String, Object>> claim(List<Elevation> elevations) {
        return claimOf(elevations, clock.instant());
    }

    static List<Map<String, Object>> claimOf(List<Elevation> elevations, Instant now) {
        List<Map<String, Object>> claim = new ArrayList<>();
        for (Elevation e : elevations) {
            if (e.isActive(now)) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("role", e.role().toString());
                entry.put("ends_at", e.end().getEpochSecond());
                claim.add(entry);
            }
        }
        return claim;
    }

    private static List<Elevation> elevations(KeycloakSession session, UserSessionModel userSession) {
        if (userSession == null || userSession.getUser() == null) {
            return List.of();
        }
        // Cached per request: access token, ID token and userinfo ask alike.
        String key = CLAIM + ":" + userSession.getUser().getId();
        @SuppressWarnings("unchecked")
        List<Elevation> cached = (List<Elevation>) session.getAttribute(key);
        if (cached == null) {
            cached = new ElevationStore(session).activeElevationsOf(userSession.getRealm().getId(), userSession.getUser().getId());
            session.setAttribute(key, cached);
        }
        return cached;
    }

    private static Set<RoleRef> rolesIn(AccessToken token) {
        Set<RoleRef> roles = new HashSet<>();
        if (token.getRealmAccess() != null && token.getRealmAccess().getRoles() != null) {
            token.getRealmAccess().getRoles().forEach(r -> RoleRef.parse(RoleRef.REALM_PREFIX + r).ifPresent(roles::add));
        }
        if (token.getResourceAccess() != null) {
            token.getResourceAccess().forEach((client, access) -> {
                if (access.getRoles() != null) {
                    access.getRoles().forEach(r -> RoleRef.parse(RoleRef.CLIENT_PREFIX + client + ":" + r).ifPresent(roles::add));
                }
            });
        }
        return roles;
    }

    private static void removeRole(AccessToken token, RoleRef role) {
        if (role.clientId().isEmpty()) {
            if (token.getRealmAccess() != null && token.getRealmAccess().getRoles() != null) {
                token.getRealmAccess().getRoles().remove(role.name());
            }
        } else if (token.getResourceAccess() != null) {
            AccessToken.Access access = token.getResourceAccess().get(role.clientId().get());
            if (access != null && access.getRoles() != null) {
                access.getRoles().remove(role.name());
            }
        }
    }
}
