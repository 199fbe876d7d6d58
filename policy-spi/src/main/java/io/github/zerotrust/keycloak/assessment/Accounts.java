package io.github.zerotrust.keycloak.assessment;

import java.util.List;

/**
 * Some accounts: how many, and the names of the first few (for evidence an admin can act on). The shell gives names
 * only to callers who may view users.
 *
 * @param count every account counted
 * @param names at most {@link #MAX_NAMES} of them
 */
public record Accounts(int count, List<String> names) {

    public static final int MAX_NAMES = 10;
    public static final Accounts NONE = new Accounts(0, List.of());

    public Accounts {
        if (count < 0) {
            throw new IllegalArgumentException("a count is not negative");
        }
        names = List.copyOf(names.subList(0, Math.min(names.size(), MAX_NAMES)));
    }

    public static Accounts of(List<String> names) {
        return new Accounts(names.size(), names);
    }

    /** "alice, bob and 3 more". */
    String named() {
        if (names.isEmpty()) {
            return count == 0 ? "" : count + " accounts";
        }
        String listed = String.join(", ", names);
        int more = count - names.size();
        return more > 0 ? listed + " and " + more + " more" : listed;
    }
}
