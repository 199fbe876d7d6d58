package io.github.zerotrust.keycloak.authn.elevation;

import io.github.zerotrust.keycloak.elevation.Elevation;
import io.github.zerotrust.keycloak.elevation.RoleRef;
import io.github.zerotrust.keycloak.elevation.TokenLifetime;
import io.github.zerotrust.keycloak.spi.KeycloakClock;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.protocol.oidc.mappers.OIDCIDTokenMapper;
import org.keycloak.protocol.oidc.mappers.UserInfoTokenMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.IDToken;

/**
 * {@code zt_elevations}: the user's active elevations and their ends, and the token's own expiry cut so
 * no token outlives an elevation whose role it carries. An elevation past its end that the expiry task
 * has not reached yet (at most a turn) already counts as ended: its role is left out of the token.
 * Runs after Keycloak's role mappers.
 */
public final class ElevationClaimMapper extends AbstractOIDCProtocolMapper
        implements OIDCAccessTokenMapper, OIDCIDTokenMapper, UserInfoTokenMapper {

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
        limit(token, elevations(session, userSession));
        return super.transformAccessToken(token, mappingModel, session, userSession, clientSessionCtx);
    }

    /**
     * Leaves out the roles of elevations that are no longer (or not yet) active and cuts {@code exp}. The token's
     * {@code iat} and {@code exp} come from Keycloak's time, and so must "now" here: under Keycloak's time offset
     * another clock would keep an ended role or drop a live one, and cut {@code exp} against the wrong second.
     */
    void limit(AccessToken token, List<Elevation> elevations) {
        Instant now = clock.instant();
        for (Elevation e : elevations) {
            if (!e.isActive(now)) {
                removeRole(token, e.role());
            }
        }
        Set<RoleRef> inToken = rolesIn(token);
        if (token.getExp() != null) {
            Instant capped = TokenLifetime.cap(Instant.ofEpochSecond(token.getExp()), elevations, inToken, now);
            token.exp(Math.max(now.getEpochSecond(), capped.getEpochSecond()));
        }
    }

    @Override
    protected void setClaim(IDToken token, ProtocolMapperModel mappingModel, UserSessionModel userSession,
                            KeycloakSession session, ClientSessionContext clientSessionCtx) {
        token.getOtherClaims().put(CLAIM, claim(elevations(session, userSession)));
    }

    /** {@code zt_elevations}: role and end of each elevation active now. */
    List<Map<String, Object>> claim(List<Elevation> elevations) {
        Instant now = clock.instant();
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
