package io.github.zerotrust.keycloak.config;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A map of string settings (a realm's attributes, a flow step's configuration, a provider's options) read
 * into typed values, noting every value it could not use. Reading never throws: a typo in the admin console
 * must never stop sign-ins, so a value that does not parse gives the fallback and a number out of range is
 * clamped (a bad value is better narrowed than ignored); the admin endpoints, the log and the tests read the
 * problems. A blank value counts as absent, quietly. The one reader of settings maps in the core.
 */
public final class ConfigMap {

    /** Keycloak joins multivalued step settings with this (its {@code Constants.CFG_DELIMITER}; the core cannot import it). */
    public static final String MULTIVALUE_DELIMITER = "##";
    /** Longer values are ignored (and reported) by default. */
    public static final int DEFAULT_MAX_TEXT_LENGTH = 100_000;
    /** Lists keep at most this many entries. */
    public static final int MAX_LIST_ENTRIES = 10_000;

    private final Map<String, String> in;
    private final int maxTextLength;
    private final List<String> problems = new ArrayList<>();

    private ConfigMap(Map<String, String> in, int maxTextLength) {
        this.in = in == null ? Map.of() : in;
        this.maxTextLength = maxTextLength;
    }

    public static ConfigMap of(Map<String, String> settings) {
        return new ConfigMap(settings, DEFAULT_MAX_TEXT_LENGTH);
    }

    /** @param maxTextLength longer values are ignored and reported */
    public static ConfigMap of(Map<String, String> settings, int maxTextLength) {
        return new ConfigMap(settings, maxTextLength);
    }

    /** What could not be used, in reading order: {@code key: what was wrong; what is used instead}. */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** A value read together with what could not be read of it. */
    public record Checked<T>(T value, List<String> problems) {
        public Checked {
            problems = List.copyOf(problems);
        }
    }

    public <T> Checked<T> checked(T value) {
        return new Checked<>(value, problems);
    }

    /** Notes a problem the caller found in a value it read (a list entry it skipped, say). */
    public void problem(String key, String what) {
        problems.add(key + ": " + what);
    }

    /** Whether the map holds a value (not blank) for {@code key}. */
    public boolean has(String key) {
        String value = in.get(key);
        return value != null && !value.isBlank();
    }

    /** The stripped text, or empty when absent, blank or too long (reported). */
    public Optional<String> text(String key) {
        String value = in.get(key);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        if (value.length() > maxTextLength) {
            problem(key, "longer than " + maxTextLength + " characters; ignored");
            return Optional.empty();
        }
        return Optional.of(value.strip());
    }

    public String text(String key, String fallback) {
        return text(key).orElse(fallback);
    }

    /** {@code true}/{@code on}/{@code yes} or {@code false}/{@code off}/{@code no}, in any case. */
    public boolean flag(String key, boolean fallback) {
        Optional<String> text = text(key);
        if (text.isEmpty()) {
            return fallback;
        }
        return switch (text.get().toLowerCase(Locale.ROOT)) {
            case "true", "on", "yes" -> true;
            case "false", "off", "no" -> false;
            default -> {
                problem(key, "'" + abbreviated(text.get()) + "' is not true or false; using " + fallback);
                yield fallback;
            }
        };
    }

    /** A whole number; out of range is clamped and reported. */
    public int number(String key, int fallback, int min, int max) {
        return (int) number(key, (long) fallback, min, max);
    }

    public long number(String key, long fallback, long min, long max) {
        Optional<String> text = text(key);
        if (text.isEmpty()) {
            return fallback;
        }
        long value;
        try {
            value = Long.parseLong(text.get());
        } catch (NumberFormatException notAnInteger) {
            problem(key, "'" + abbreviated(text.get()) + "' is not a whole number; using " + fallback);
            return fallback;
        }
        if (value < min || value > max) {
            long clamped = Math.max(min, Math.min(max, value));
            problem(key, value + " is outside " + min + " to " + max + "; using " + clamped);
            return clamped;
        }
        return value;
    }

    /** A value of another type, or the fallback (reported) when {@code parser} gives null or throws. */
    public <T> T value(String key, T fallback, Function<String, T> parser) {
        Optional<String> text = text(key);
        if (text.isEmpty()) {
            return fallback;
        }
        T parsed;
        try {
            parsed = parser.apply(text.get());
        } catch (RuntimeException unparseable) {
            parsed = null;
        }
        if (parsed == null) {
            problem(key, "'" + abbreviated(text.get()) + "' cannot be read; using " + fallback);
            return fallback;
        }
        return parsed;
    }

    /** A time of day such as {@code 07:30}. */
    public LocalTime time(String key, LocalTime fallback) {
        return value(key, fallback, LocalTime::parse);
    }

    /** A time zone such as {@code Europe/Berlin}. */
    public ZoneId zone(String key, ZoneId fallback) {
        return value(key, fallback, ZoneId::of);
    }

    /** ASNs as {@code 64500} or {@code AS64500}; entries that are not an ASN are skipped (and reported). */
    public Set<Long> asns(String key) {
        Set<Long> asns = new LinkedHashSet<>();
        for (String item : items(key)) {
            String digits = item.regionMatches(true, 0, "AS", 0, 2) ? item.substring(2) : item;
            try {
                long asn = Long.parseLong(digits);
                if (asn >= 0 && asn <= 4_294_967_295L) {
                    asns.add(asn);
                    continue;
                }
            } catch (NumberFormatException notAnAsn) {
                // Reported below: one typo must not drop the rest of the list.
            }
            problem(key, "'" + abbreviated(item) + "' is not an AS number; skipped");
        }
        return asns;
    }

    /**
     * Days as {@code MON,TUE} or ranges such as {@code MON-FRI} (also across the week end, {@code FRI-MON});
     * one unreadable entry gives the fallback, since a partial week would narrow what the admin meant.
     */
    public Set<DayOfWeek> days(String key, Set<DayOfWeek> fallback) {
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
                problem(key, "'" + abbreviated(item) + "' is not a day or a range of days; using " + fallback);
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

    /** Items separated by commas, semicolons or white space; blanks dropped. */
    public List<String> items(String key) {
        return split(key, "[,;\\s]+");
    }

    /** Names separated by commas, semicolons or line breaks, since names (zones, platforms, roles) may hold spaces. */
    public List<String> names(String key) {
        return split(key, "\\s*[,;\\n]\\s*");
    }

    /** A multivalued step setting, as Keycloak's admin console joins it ({@value #MULTIVALUE_DELIMITER}). */
    public List<String> multivalued(String key) {
        return split(key, MULTIVALUE_DELIMITER);
    }

    private List<String> split(String key, String separators) {
        List<String> items = new ArrayList<>();
        text(key).ifPresent(text -> Arrays.stream(text.split(separators)).map(String::strip).filter(s -> !s.isEmpty())
                .limit(MAX_LIST_ENTRIES).forEach(items::add));
        return items;
    }

    /** At most 40 characters of {@code text}, control characters shown as {@code ?}, for a problem's message. */
    public static String abbreviated(String text) {
        String shown = text.length() <= 40 ? text : text.substring(0, 40) + "...";
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}
