package io.github.zerotrust.keycloak.device;

import io.github.zerotrust.keycloak.risk.DeviceThreat;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads typed values out of {@code zt.device.*} attributes and notes every value it could not use, so
 * that sign-ins keep working on a typo (the fallback is used) while the admin endpoints can refuse to
 * store it. A blank value counts as absent.
 */
final class BaselineReader {

    static final int MAX_TEXT_LENGTH = 1_000;

    private final Map<String, String> in;
    private final List<String> problems = new ArrayList<>();

    BaselineReader(Map<String, String> config) {
        this.in = config == null ? Map.of() : config;
    }

    List<String> problems() {
        return problems;
    }

    private String text(String key) {
        String value = in.get(key);
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > MAX_TEXT_LENGTH) {
            problems.add(key + ": longer than " + MAX_TEXT_LENGTH + " characters; ignored");
            return null;
        }
        return value.strip();
    }

    boolean flag(String key, boolean fallback) {
        String text = text(key);
        if (text == null) {
            return fallback;
        }
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "on", "yes" -> true;
            case "false", "off", "no" -> false;
            default -> {
                problems.add(key + ": '" + abbreviated(text) + "' is not true or false; using " + fallback);
                yield fallback;
            }
        };
    }

    /** A whole number; out of range is clamped (a bad value is better narrowed than ignored) and reported. */
    int number(String key, int fallback, int min, int max) {
        String text = text(key);
        if (text == null) {
            return fallback;
        }
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException notAnInteger) {
            problems.add(key + ": '" + abbreviated(text) + "' is not a whole number; using " + fallback);
            return fallback;
        }
        if (value < min || value > max) {
            long clamped = Math.max(min, Math.min(max, value));
            problems.add(key + ": " + value + " is outside " + min + " to " + max + "; using " + clamped);
            return (int) clamped;
        }
        return (int) value;
    }

    DeviceThreat threat(String key, DeviceThreat fallback) {
        String text = text(key);
        if (text == null) {
            return fallback;
        }
        Optional<DeviceThreat> threat = DeviceThreat.parse(text);
        if (threat.isEmpty()) {
            problems.add(key + ": '" + abbreviated(text) + "' is not a threat level (clear, low, medium, high); using "
                    + fallback.name().toLowerCase(Locale.ROOT));
        }
        return threat.orElse(fallback);
    }

    /** A minimum version, or {@code none} to have none (so that a condition can waive the realm's). */
    Optional<OsVersion> minimum(String key, Optional<OsVersion> fallback) {
        String text = text(key);
        if (text == null) {
            return fallback;
        }
        if (text.equalsIgnoreCase("none")) {
            return Optional.empty();
        }
        try {
            return Optional.of(OsVersion.of(text));
        } catch (IllegalArgumentException malformed) {
            problems.add(key + ": " + malformed.getMessage() + " Using " + fallback.map(OsVersion::toString).orElse("none"));
            return fallback;
        }
    }

    /**
     * Platforms separated by commas, semicolons or line breaks (a name such as {@code Mac OS X} holds
     * spaces). An unreadable entry is skipped; a list with no readable entry allows no platform at all,
     * since falling back to "all" would let through what the admin meant to restrict.
     */
    Set<Platform> platforms(String key, Set<Platform> fallback) {
        String text = text(key);
        if (text == null) {
            return fallback;
        }
        Set<Platform> platforms = EnumSet.noneOf(Platform.class);
        for (String item : text.split("\\s*[,;\\n]\\s*")) {
            if (item.isBlank()) {
                continue;
            }
            Optional<Platform> platform = Platform.parse(item);
            platform.ifPresentOrElse(platforms::add, () -> problems.add(key + ": '" + abbreviated(item)
                    + "' is not a platform (windows, macos, ios, android, linux); skipped"));
        }
        if (platforms.isEmpty()) {
            problems.add(key + ": no readable platform; no device is allowed until it is fixed");
        }
        return platforms;
    }

    private static String abbreviated(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
