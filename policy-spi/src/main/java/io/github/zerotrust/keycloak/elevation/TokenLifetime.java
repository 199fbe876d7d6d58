package io.github.zerotrust.keycloak.elevation;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * An access token issued during an elevation must not outlive it: a token that carries an elevated role expires
 * when the role does, so nothing has to be revoked at the end.
 */
public final class TokenLifetime {

    private TokenLifetime() {
    }

    /**
     * The token's expiry, capped for every elevated role it carries at the end of that role's elevation. A role
     * held through several elevations (say, one due but not yet expired and a newer one) ends with the latest;
     * the token ends with the earliest of its roles. An elevation past its end that still holds the role gives an
     * expiry in the past, which is right: that role should be gone. A role also held by a standing assignment is
     * capped all the same, since nothing here tells the two apart — that only shortens a token.
     *
     * @param elevations   the user's ACTIVE elevations (others, and those not yet started, are ignored)
     * @param rolesInToken the effective roles in the token, composites expanded
     * @return never later than {@code tokenExpiry}; take {@link Instant#getEpochSecond()} for {@code exp}, which
     *         rounds down, so the token never outlives the elevation by a fraction of a second either
     */
    public static Instant cap(Instant tokenExpiry, Collection<Elevation> elevations, Set<RoleRef> rolesInToken,
                              Instant now) {
        Map<Elevation, Set<RoleRef>> grants = new HashMap<>();
        elevations.forEach(e -> grants.put(e, Set.of(e.role())));
        return cap(tokenExpiry, grants, rolesInToken, now);
    }

    /**
     * The same, for roles an elevation gives beside its own: a composite's children, and theirs. A token that carries
     * any role the user has only through an elevation ends when that elevation does, even when the elevated
     * composite itself is not in the token (a client scope may hold only its children).
     *
     * @param grants for each elevation, the roles the user holds only because of it (its role, and what the role
     *               reaches through composites, less what the user holds anyway); the glue works them out
     */
    public static Instant cap(Instant tokenExpiry, Map<Elevation, Set<RoleRef>> grants, Set<RoleRef> rolesInToken,
                              Instant now) {
        Map<RoleRef, Instant> roleEnds = new HashMap<>();
        grants.forEach((elevation, roles) -> {
            if (elevation.status() == Elevation.Status.ACTIVE && !now.isBefore(elevation.start())) {
                for (RoleRef role : roles) {
                    if (rolesInToken.contains(role)) {
                        roleEnds.merge(role, elevation.end(), (a, b) -> a.isAfter(b) ? a : b);
                    }
                }
            }
        });
        Instant capped = tokenExpiry;
        for (Instant end : roleEnds.values()) {
            if (end.isBefore(capped)) {
                capped = end;
            }
        }
        return capped;
    }
}
