package io.github.zerotrust.keycloak.location;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Set;

/**
 * The IPv6 space cut into non-overlapping segments, each mapped to the zones covering it. Starts
 * are 128-bit values kept as two {@code long[]} with the sign bit flipped, so plain signed
 * comparison orders them as unsigned numbers.
 */
final class Ipv6Segments {

    private final long[] highs;
    private final long[] lows;
    private final Set<String>[] zones;

    private Ipv6Segments(long[] highs, long[] lows, Set<String>[] zones) {
        this.highs = highs;
        this.lows = lows;
        this.zones = zones;
    }

    Set<String> zonesAt(long high, long low) {
        long h = high ^ Long.MIN_VALUE;
        long l = low ^ Long.MIN_VALUE;
        // The last segment starting at or before the address; segment 0 starts at ::.
        int from = 0;
        int to = highs.length - 1;
        while (from < to) {
            int mid = (from + to + 1) >>> 1;
            if (highs[mid] < h || (highs[mid] == h && lows[mid] <= l)) {
                from = mid;
            } else {
                to = mid - 1;
            }
        }
        return zones[from];
    }

    int segmentCount() {
        return highs.length;
    }

    private record Event(long high, long low, int zone, boolean enter) {
    }

    private static final Comparator<Event> BY_POSITION =
            Comparator.comparingLong(Event::high).thenComparingLong(Event::low);

    static final class Builder {
        private Event[] events = new Event[64];
        private int size;

        void add(long firstHigh, long firstLow, long lastHigh, long lastLow, int zone) {
            if (size + 2 > events.length) {
                events = Arrays.copyOf(events, events.length * 2);
            }
            events[size++] = new Event(firstHigh ^ Long.MIN_VALUE, firstLow ^ Long.MIN_VALUE, zone, true);
            long nextLow = lastLow + 1;
            long nextHigh = nextLow == 0 ? lastHigh + 1 : lastHigh;
            boolean endsAtTopOfSpace = lastHigh == -1L && lastLow == -1L;
            if (!endsAtTopOfSpace) {
                events[size++] = new Event(nextHigh ^ Long.MIN_VALUE, nextLow ^ Long.MIN_VALUE, zone, false);
            }
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        Ipv6Segments build(ZoneSets zoneSets) {
            Arrays.sort(events, 0, size, BY_POSITION);
            long[] highs = new long[size + 1];
            long[] lows = new long[size + 1];
            Set<String>[] zones = new Set[size + 1];
            highs[0] = Long.MIN_VALUE;
            lows[0] = Long.MIN_VALUE;
            zones[0] = ZoneSets.none();
            int count = 1;
            int i = 0;
            while (i < size) {
                long high = events[i].high();
                long low = events[i].low();
                for (; i < size && events[i].high() == high && events[i].low() == low; i++) {
                    if (events[i].enter()) {
                        zoneSets.enter(events[i].zone());
                    } else {
                        zoneSets.leave(events[i].zone());
                    }
                }
                Set<String> set = zoneSets.current();
                if (highs[count - 1] == high && lows[count - 1] == low) {
                    count--;
                }
                if (count > 0 && zones[count - 1] == set) {
                    continue;
                }
                highs[count] = high;
                lows[count] = low;
                zones[count] = set;
                count++;
            }
            return new Ipv6Segments(Arrays.copyOf(highs, count), Arrays.copyOf(lows, count), Arrays.copyOf(zones, count));
        }
    }
}
