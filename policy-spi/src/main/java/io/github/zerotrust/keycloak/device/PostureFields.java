package io.github.zerotrust.keycloak.device;

import io.github.zerotrust.keycloak.risk.DeviceThreat;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads the posture fields shared by {@link PostureClaims} and {@link PostureReport} out of plain values
 * (Boolean, String, Number, or anything else, which is a wrong type). A value that cannot be used is
 * unknown and noted as a problem: the lenient token mapping ignores the problems (the check then fails
 * closed), the strict report refuses the whole report with all of them. A {@code null} value is unknown
 * and no problem.
 */
final class PostureFields {

    /** Before any device we judge was reported on; earlier is a unit mistake (milliseconds read as seconds...). */
    static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("2100-01-01T00:00:00Z");
    static final int MAX_DEVICE_ID_LENGTH = 255;

    private final Map<String, ?> values;
    private final Instant latest;
    private final List<String> problems = new ArrayList<>();

    /** @param latest the latest acceptable date-time (such as a report's receipt plus clock skew); at most 2100 */
    PostureFields(Map<String, ?> values, Instant latest) {
        this.values = values == null ? Map.of() : values;
        this.latest = latest.isBefore(LATEST) ? latest : LATEST;
    }

    List<String> problems() {
        return problems;
    }

    void problem(String field, String message) {
        problems.add(field + ": " + message);
    }

    /** The facts every posture source spells the same way; the device id and report time are the caller's. */
    Posture.Builder facts(Posture.Builder posture) {
        return posture
                .platform(named(PostureClaims.PLATFORM, Platform::parse, "a platform (windows, macos, ios, android, linux)"))
                .osVersion(osVersion(PostureClaims.OS_VERSION))
                .diskEncrypted(flag(PostureClaims.DISK_ENCRYPTED))
                .firewallOn(flag(PostureClaims.FIREWALL))
                .antivirusRunning(flag(PostureClaims.AV_RUNNING))
                .antivirusSignaturesUpdatedAt(time(PostureClaims.AV_SIGNATURES_AT))
                .screenLock(flag(PostureClaims.SCREEN_LOCK))
                .jailbroken(flag(PostureClaims.JAILBROKEN))
                .threat(named(PostureClaims.THREAT, DeviceThreat::parse, "a threat level (clear, low, medium, high)"))
                .managed(flag(PostureClaims.MANAGED))
                .mdmCompliance(named(PostureClaims.MDM_COMPLIANCE, MdmCompliance::parse, "a compliance state (compliant, "
                        + "noncompliant, conflict, error, inGracePeriod, configManager, unknown)"));
    }

    Boolean flag(String field) {
        Object value = values.get(field);
        if (value == null || value instanceof Boolean) {
            return (Boolean) value;
        }
        problem(field, "expected true or false, not " + kind(value));
        return null;
    }

    String text(String field) {
        Object value = values.get(field);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        problem(field, "expected a string, not " + kind(value));
        return null;
    }

    /** 1 to 255 characters, no control characters. */
    String deviceId(String field) {
        String text = text(field);
        if (text == null) {
            return null;
        }
        if (text.isBlank() || text.length() > MAX_DEVICE_ID_LENGTH || text.chars().anyMatch(Character::isISOControl)) {
            problem(field, "a device id has 1 to " + MAX_DEVICE_ID_LENGTH + " characters and no control characters");
            return null;
        }
        return text;
    }

    private <T> T named(String field, Function<String, Optional<T>> parser, String expected) {
        String text = text(field);
        if (text == null) {
            return null;
        }
        Optional<T> value = parser.apply(text);
        if (value.isEmpty()) {
            problem(field, "'" + (text.length() <= 40 ? text : text.substring(0, 40) + "...") + "' is not " + expected);
        }
        return value.orElse(null);
    }

    private OsVersion osVersion(String field) {
        String text = text(field);
        if (text == null) {
            return null;
        }
        try {
            return OsVersion.of(text);
        } catch (IllegalArgumentException malformed) {
            String why = malformed.getMessage();
            problem(field, why.endsWith(".") ? why.substring(0, why.length() - 1) : why);
            return null;
        }
    }

    /**
     * Epoch seconds (a JWT NumericDate, fractions allowed) or an ISO-8601 date-time with offset, from 2000
     * to {@code latest}.
     */
    Instant time(String field) {
        Object value = values.get(field);
        Instant time;
        if (value == null) {
            return null;
        } else if (value instanceof Number number) {
            time = epochSeconds(number);
        } else if (value instanceof String text) {
            time = isoDateTime(text);
        } else {
            problem(field, "expected epoch seconds or an ISO-8601 date-time, not " + kind(value));
            return null;
        }
        if (time == null || time.isBefore(EARLIEST) || time.isAfter(LATEST)) {
            problem(field, "expected epoch seconds or an ISO-8601 date-time between 2000 and 2100");
            return null;
        }
        if (time.isAfter(latest)) {
            problem(field, "dated in the future");
            return null;
        }
        return time;
    }

    private static Instant epochSeconds(Number number) {
        if (number instanceof Integer || number instanceof Long || number instanceof Short || number instanceof Byte) {
            long seconds = number.longValue();
            return seconds < 0 || seconds > LATEST.getEpochSecond() ? null : Instant.ofEpochSecond(seconds);
        }
        // Fractions, and BigInteger or BigDecimal: a huge value becomes infinite here and is refused.
        double seconds = number.doubleValue();
        if (!Double.isFinite(seconds) || seconds < 0 || seconds > LATEST.getEpochSecond()) {
            return null;
        }
        long whole = (long) Math.floor(seconds);
        return Instant.ofEpochSecond(whole, Math.round((seconds - whole) * 1e9));
    }

    private static Instant isoDateTime(String text) {
        if (text.length() > 64) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text.strip()).toInstant();
        } catch (DateTimeParseException notIso) {
            return null;
        }
    }

    static String kind(Object value) {
        return value instanceof String ? "a string" : value instanceof Boolean ? "true or false"
                : value instanceof Number ? "a number" : "an object or array";
    }
}
