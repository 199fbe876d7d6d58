package io.github.zerotrust.keycloak.policy;

import java.util.Map;

/**
 * The level of authentication asked of a sign-in so far (by the app's {@code acr_values} or by a rule)
 * and the names the realm gives the levels ({@code acr.loa.map}, the client's when it has one).
 *
 * @param requestedLevel the level asked for; {@link #NONE} when nothing was asked
 */
public record Assurance(int requestedLevel, Map<String, Integer> acrLevels) {

    /** Keycloak's "no level asked for" ({@code Constants.NO_LOA}). */
    public static final int NONE = -1;

    public Assurance {
        acrLevels = acrLevels == null ? Map.of() : Map.copyOf(acrLevels);
    }

    public static Assurance none() {
        return new Assurance(NONE, Map.of());
    }

    /** The ACR name of a level, or the number when the map names none. */
    public String nameOf(int level) {
        return acrLevels.entrySet().stream().filter(e -> e.getValue() == level).map(Map.Entry::getKey).sorted()
                .findFirst().orElse(Integer.toString(level));
    }
}
