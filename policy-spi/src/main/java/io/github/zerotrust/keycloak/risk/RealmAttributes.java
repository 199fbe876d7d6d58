package io.github.zerotrust.keycloak.risk;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads typed values out of the realm's {@code zt.*} attributes. A value that does not parse gives
 * the default and a number out of range is clamped: a typo in the admin console must never stop
 * sign-ins, and a bad value is better narrowed than ignored.
 */
final class RealmAttributes {

    static final int MAX_TEXT_LENGTH = 100_000;
    static final int MAX_LIST_ENTRIES = 10_000;

    private final Map<String, String> values;

    RealmAttributes(Map<String, String> values) {
        this.values = values == null ? Map.of() : values;
    }

    private String text(String key) {
        String value = values.get(key);
        return value == null || value.isBlank() || value.length() > MAX_TEXT_LENGTH ? null : value.strip();
    }

    int number(String key, int fallback, int min, int max) {
        String text = text(key);
        if (text == null) {
            return fallback;
        }
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException notAnInteger) {
            return fallback;
        }
        return (int) Math.max(min, Math.min(max, value));
    }

    boolean flag(String key, boolean fallback) {
        String text = text(key);
        if (text == null) {
            return fallback;
        }
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "on", "yes" -> true;
            case "false", "off", "no" -> false;
            default -> fallback;
        };
    }

    <T> T value(String key, T fallback, Function<String, T> parser) {
        String text = text(key);
        if (text == null) {
            return fallback;
        }
        try {
            T parsed = parser.apply(text);
            return parsed == null ? fallback : parsed;
        } catch (RuntimeException unparseable) {
            return fallback;
        }
    }

    LocalTime time(String key, LocalTime fallback) {
        return value(key, fallback, LocalTime::parse);
    }

    ZoneId zone(String key, ZoneId fallback) {
        return value(key, fallback, ZoneId::of);
    }

    /** Items separated by commas, semicolons or white space; blanks are dropped. */
    List<String> items(String key) {
        return split(key, "[,;\\s]+");
    }

    /** Names separated by commas, semicolons or line breaks, since names such as zone names may hold spaces. */
    List<String> names(String key) {
        return split(key, "\\s*[,;\\n]\\s*");
    }

    private List<String> split(String key, String separators) {
        String text = text(key);
        List<String> items = new ArrayList<>();
        if (text != null) {
            for (String item : text.split(separators)) {
                String stripped = item.strip();
                if (!stripped.isEmpty() && items.size() < MAX_LIST_ENTRIES) {
                    items.add(stripped);
                }
            }
        }
        return items;
    }

    /** ASNs as {@code 64500} or {@code AS64500}; entries that are not an ASN are skipped. */
    Set<Long> asns(String key) {
        Set<Long> asns = new LinkedHashSet<>();
        for (String item : items(key)) {
            String digits = item.regionMatches(true, 0, "AS", 0, 2) ? item.substring(2) : item;
            try {
                long asn = Long.parseLong(digits);
                if (asn >= 0 && asn <= 4_294_967_295L) {
                    asns.add(asn);
                }
            } catch (NumberFormatException notAnAsn) {
                // Skipped: one typo must not drop the rest of the list.
            }
        }
        return asns;
    }

    /** Days as {@code MON,TUE} or ranges such as {@code MON-FRI} (also across the week end, {@code FRI-MON}). */
    Set<DayOfWeek> days(String key, Set<DayOfWeek> fallback) {
        List<String> items = items(key);
        if (items.isEmpty()) {
            return fallback;
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String item : items) {
            String[] ends = item.split("-", -1);
            DayOfWeek first = day(ends[0]);
            DayOfWeek last = ends.length == 2 ? day(ends[1]) : ends.length == 1 ? first : null;
            if (first == null || last == null) {
                return fallback;
            }
            for (DayOfWeek day = first; ; day = day.plus(1)) {
                days.add(day);
                if (day == last) {
                    break;
                }
            }
        }
        return days;
    }

    private static DayOfWeek day(String text) {
        String upper = text.toUpperCase(Locale.ROOT);
        if (upper.length() < 3) {
            return null;
        }
        for (DayOfWeek day : DayOfWeek.values()) {
            if (day.name().startsWith(upper)) {
                return day;
            }
        }
        return null;
    }
}
