package io.github.zerotrust.keycloak.location;

import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns "which zones are active here" into one shared, immutable set of zone names, so that
 * hundreds of thousands of segments reference only the few distinct sets that really occur.
 */
final class ZoneSets {

    private final List<String> names;
    private final Map<BitSet, Set<String>> interned = new HashMap<>();
    private final BitSet active = new BitSet();
    private final int[] depth;
    private final Set<String>[] singletons;

    @SuppressWarnings({"unchecked", "rawtypes"})
    ZoneSets(List<String> names) {
        this.names = names;
        this.depth = new int[names.size()];
        this.singletons = new Set[names.size()];
        interned.put(new BitSet(), Set.of());
    }

    /** Ranges may overlap within a zone, so a zone stays active until its last range ends. */
    void enter(int zone) {
        depth[zone]++;
        active.set(zone, depth[zone] > 0);
    }

    void leave(int zone) {
        depth[zone]--;
        active.set(zone, depth[zone] > 0);
    }

    Set<String> current() {
        // Most segments lie in no zone or in exactly one; those skip hashing the bit set.
        int first = active.nextSetBit(0);
        if (first < 0) {
            return none();
        }
        if (active.nextSetBit(first + 1) < 0) {
            if (singletons[first] == null) {
                singletons[first] = interned(active);
            }
            return singletons[first];
        }
        return interned(active);
    }

    private Set<String> interned(BitSet active) {
        Set<String> set = interned.get(active);
        if (set == null) {
            Set<String> members = new LinkedHashSet<>();
            active.stream().forEach(zone -> members.add(names.get(zone)));
            set = Collections.unmodifiableSet(members);
            interned.put((BitSet) active.clone(), set);
        }
        return set;
    }

    static Set<String> none() {
        return Set.of();
    }
}
