package io.github.zerotrust.keycloak.elevation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The realm-wide elevation settings, read once from the realm's {@code zt.elevation.*} attributes.
 * {@link #parse} never throws: a missing or unreadable value gives the default, a number out of range is clamped,
 * an unreadable role is skipped; {@link #read} also says what it could not read, for the log or admin console.
 *
 * @param requestLapse           an unanswered request lapses this long after it was made (1 hour to 7 days)
 * @param endingSoon             users are told this long before an elevation ends; zero turns notices off
 *                               (0 to 240 minutes)
 * @param expiryInterval         how often the expiry task runs (1 to 60 seconds)
 * @param maxJustificationLength the longest justification, in characters (10 to 2,000)
 * @param privilegedRoles        roles that should only ever be held through an elevation: a standing
 *                               assignment of one raises an alert
 */
public record ElevationSettings(Duration requestLapse, Duration endingSoon, Duration expiryInterval,
                                int maxJustificationLength, Set<RoleRef> privilegedRoles) {

    public static final String PREFIX = "zt.elevation.";
    public static final String REQUEST_LAPSE_HOURS = PREFIX + "request-lapse-hours";
    public static final String ENDING_SOON_MINUTES = PREFIX + "ending-soon-minutes";
    public static final String EXPIRY_INTERVAL_SECONDS = PREFIX + "expiry-interval-seconds";
    public static final String MAX_JUSTIFICATION_LENGTH = PREFIX + "max-justification-length";
    public static final String PRIVILEGED_ROLES = PREFIX + "privileged-roles";

    public static final int MAX_PRIVILEGED_ROLES = 1_000;
    private static final int MAX_TEXT_LENGTH = 100_000;

    private static final ElevationSettings DEFAULTS = new ElevationSettings(Duration.ofHours(24),
            Duration.ofMinutes(10), Duration.ofSeconds(5), 500, Set.of());

    public ElevationSettings {
        Objects.requireNonNull(requestLapse, "requestLapse");
        Objects.requireNonNull(endingSoon, "endingSoon");
        Objects.requireNonNull(expiryInterval, "expiryInterval");
        if (notPositive(requestLapse) || endingSoon.isNegative() || notPositive(expiryInterval)
                || maxJustificationLength < 1) {
            throw new IllegalArgumentException("Lapse, interval and justification length must be positive, notices not negative.");
        }
        privilegedRoles = Set.copyOf(privilegedRoles);
    }

    private static boolean notPositive(Duration duration) {
        return duration.isNegative() || duration.isZero();
    }

    public static ElevationSettings defaults() {
        return DEFAULTS;
    }

    /** The settings and what could not be read. */
    public record Parsed(ElevationSettings settings, List<String> problems) {
        public Parsed {
            problems = List.copyOf(problems);
        }
    }

    public static ElevationSettings parse(Map<String, String> attributes) {
        return read(attributes).settings();
    }

    public static Parsed read(Map<String, String> attributes) {
        Map<String, String> in = attributes == null ? Map.of() : attributes;
        List<String> problems = new ArrayList<>();
        ElevationSettings d = DEFAULTS;
        return new Parsed(new ElevationSettings(
                Duration.ofHours(number(in, REQUEST_LAPSE_HOURS, d.requestLapse().toHours(), 1, 168, problems)),
                Duration.ofMinutes(number(in, ENDING_SOON_MINUTES, d.endingSoon().toMinutes(), 0, 240, problems)),
                Duration.ofSeconds(number(in, EXPIRY_INTERVAL_SECONDS, d.expiryInterval().toSeconds(), 1, 60, problems)),
                (int) number(in, MAX_JUSTIFICATION_LENGTH, d.maxJustificationLength(), 10, 2_000, problems),
                roles(in, problems)), problems);
    }

    public boolean isPrivileged(RoleRef role) {
        return privilegedRoles.contains(role);
    }

    static Optional<String> text(Map<String, String> in, String key) {
        String value = in.get(key);
        return value == null || value.isBlank() || value.length() > MAX_TEXT_LENGTH ? Optional.empty()
                : Optional.of(value.strip());
    }

    static long number(Map<String, String> in, String key, long fallback, long min, long max,
                               List<String> problems) {
        Optional<String> text = text(in, key);
        if (text.isEmpty()) {
            return fallback;
        }
        long value;
        try {
            value = Long.parseLong(text.get());
        } catch (NumberFormatException notAnInteger) {
            problems.add(key + ": not a whole number; using " + fallback);
            return fallback;
        }
        if (value < min || value > max) {
            long clamped = Math.max(min, Math.min(max, value));
            problems.add(key + ": " + min + " to " + max + "; using " + clamped);
            return clamped;
        }
        return value;
    }

    // Role names may hold spaces, so only commas, semicolons and line breaks separate them.
    private static Set<RoleRef> roles(Map<String, String> in, List<String> problems) {
        Set<RoleRef> roles = new LinkedHashSet<>();
        for (String item : text(in, PRIVILEGED_ROLES).orElse("").split("\\s*[,;\\n]\\s*")) {
            if (item.isBlank() || roles.size() >= MAX_PRIVILEGED_ROLES) {
                continue;
            }
            RoleRef.parse(item).ifPresentOrElse(roles::add, () -> problems.add(PRIVILEGED_ROLES + ": '"
                    + (item.length() <= 40 ? item : item.substring(0, 40) + "...").replaceAll("\\p{Cntrl}", "?")
                    + "' is not realm:<role> or client:<clientId>:<role>; skipped"));
        }
        return roles;
    }
}
