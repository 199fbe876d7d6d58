package io.github.zerotrust.keycloak.location;

import java.util.Arrays;
import java.util.Set;

/**
 * The IPv4 space cut into non-overlapping segments, each mapped to the zones covering it, so a
 * lookup is one binary search over unsigned 32-bit starts held in a {@code long[]}.
 */
final class Ipv4Segments {

    private static final long END_OF_SPACE = 1L << 32;
    // An event packs position (33 bits), zone (8 bits) and enter/leave (1 bit) so we can sort primitives.
    private static final int ZONE_SHIFT = 1;
    private static final int POSITION_SHIFT = 9;

    private final long[] starts;
    private final Set<String>[] zones;

    private Ipv4Segments(long[] starts, Set<String>[] zones) {
        this.starts = starts;
        this.zones = zones;
    }

    Set<String> zonesAt(long address) {
        int index = Arrays.binarySearch(starts, address);
        return zones[index >= 0 ? index : -index - 2];
    }

    int segmentCount() {
        return starts.length;
    }

    static final class Builder {
        private long[] events = new long[64];
        private int size;

        void add(long first, long last, int zone) {
            if (size + 2 > events.length) {
                events = Arrays.copyOf(events, events.length * 2);
            }
            events[size++] = (first << POSITION_SHIFT) | ((long) zone << ZONE_SHIFT) | 1;
            events[size++] = ((last + 1) << POSITION_SHIFT) | ((long) zone << ZONE_SHIFT);
        }

        Ipv4Segments build(ZoneSets zoneSets) {
            Arrays.sort(events, 0, size);
            SegmentList segments = new SegmentList(size + 1);
            segments.append(0, ZoneSets.none());
            int i = 0;
            while (i < size) {
                long position = events[i] >>> POSITION_SHIFT;
                for (; i < size && events[i] >>> POSITION_SHIFT == position; i++) {
                    int zone = (int) (events[i] >>> ZONE_SHIFT) & 0xFF;
                    if ((events[i] & 1) == 1) {
                        zoneSets.enter(zone);
                    } else {
                        zoneSets.leave(zone);
                    }
                }
                if (position < END_OF_SPACE) {
                    segments.append(position, zoneSets.current());
                }
            }
            return new Ipv4Segments(segments.starts(), segments.zones());
        }
    }

    /** Appends segments, dropping a segment that adds nothing over its predecessor. */
    private static final class SegmentList {
        private final long[] starts;
        private final Set<String>[] zones;
        private int size;

        @SuppressWarnings({"unchecked", "rawtypes"})
        SegmentList(int capacity) {
            starts = new long[capacity];
            zones = new Set[capacity];
        }

        void append(long start, Set<String> set) {
            if (size > 0 && starts[size - 1] == start) {
                size--;
            }
            if (size > 0 && zones[size - 1] == set) {
                return;
            }
            starts[size] = start;
            zones[size] = set;
            size++;
        }

        long[] starts() {
            return Arrays.copyOf(starts, size);
        }

        Set<String>[] zones() {
            return Arrays.copyOf(zones, size);
        }
    }
}
