package io.github.zerotrust.keycloak.device;

import java.util.Arrays;
import java.util.Optional;

/**
 * An operating system version such as {@code 10.0.22631}, {@code 14} or {@code 17.1.2}, compared
 * numerically component by component, a missing component counting as 0: {@code 10.0.19045 <
 * 10.0.22631}, {@code 9 < 10} and {@code 14 == 14.0} (so {@link #equals} agrees with {@link #compareTo}).
 *
 * <p>What MDMs really send is accepted: a fourth Windows component ({@code 10.0.22631.2861}) and a
 * suffix after the numbers that starts with a space, {@code (}, {@code -}, {@code +} or {@code _}
 * ({@code 14.2.1 (23C71)}, {@code 6.5.0-14-generic}). The suffix is dropped: builds and tags do not
 * order reliably, and a minimum version is always written in numbers. Anything else is malformed:
 * empty, no leading number, an empty component ({@code 1..2}, {@code 1.}), a sign, a component of
 * more than 9 digits, more than 8 components, control characters, or more than 64 characters.
 */
public final class OsVersion implements Comparable<OsVersion> {

    public static final int MAX_LENGTH = 64;
    static final int MAX_COMPONENTS = 8;
    static final int MAX_DIGITS = 9;

    private final String text;
    private final int[] components;

    private OsVersion(String text, int[] components) {
        this.text = text;
        this.components = components;
    }

    /** The version in {@code text}, or empty when it is malformed (see the class comment). */
    public static Optional<OsVersion> parse(String text) {
        Object read = read(text);
        return read instanceof OsVersion version ? Optional.of(version) : Optional.empty();
    }

    /** Like {@link #parse}, but a malformed version is an {@link IllegalArgumentException} that says why. */
    public static OsVersion of(String text) {
        Object read = read(text);
        if (read instanceof OsVersion version) {
            return version;
        }
        throw new IllegalArgumentException(read.toString());
    }

    // The version, or the reason it is malformed: one pass serves both parse (hot, no exception) and of.
    private static Object read(String text) {
        if (text == null) {
            return "No OS version given.";
        }
        if (text.length() > MAX_LENGTH) {
            return "An OS version has at most " + MAX_LENGTH + " characters.";
        }
        String t = text.strip();
        for (int i = 0; i < t.length(); i++) {
            if (Character.isISOControl(t.charAt(i))) {
                return "An OS version holds no control characters.";
            }
        }
        int[] parts = new int[MAX_COMPONENTS];
        int count = 0;
        int i = 0;
        while (true) {
            int start = i;
            long value = 0;
            while (i < t.length() && t.charAt(i) >= '0' && t.charAt(i) <= '9') {
                value = value * 10 + (t.charAt(i) - '0');
                i++;
                if (i - start > MAX_DIGITS) {
                    return malformed(t) + ": a component has at most " + MAX_DIGITS + " digits.";
                }
            }
            if (i == start) {
                return malformed(t) + ": it needs numbers separated by single dots, such as 10.0.22631 or 14.2.";
            }
            if (count == MAX_COMPONENTS) {
                return malformed(t) + ": it has more than " + MAX_COMPONENTS + " components.";
            }
            parts[count++] = (int) value;
            if (i < t.length() && t.charAt(i) == '.') {
                i++;
                continue;
            }
            break;
        }
        if (i < t.length() && " (-+_".indexOf(t.charAt(i)) < 0) {
            return malformed(t) + ": after the numbers only a suffix starting with a space, '(', '-', '+' or '_' may follow.";
        }
        while (count > 1 && parts[count - 1] == 0) {
            count--;
        }
        return new OsVersion(t.substring(0, i), Arrays.copyOf(parts, count));
    }

    private static String malformed(String text) {
        return "'" + text + "' is not an OS version";
    }

    public boolean isBelow(OsVersion other) {
        return compareTo(other) < 0;
    }

    @Override
    public int compareTo(OsVersion other) {
        int length = Math.max(components.length, other.components.length);
        for (int i = 0; i < length; i++) {
            int mine = i < components.length ? components[i] : 0;
            int theirs = i < other.components.length ? other.components[i] : 0;
            if (mine != theirs) {
                return Integer.compare(mine, theirs);
            }
        }
        return 0;
    }

    @Override
    public boolean equals(Object other) {
        // Trailing zeros are dropped when parsing, so equal versions have equal components.
        return other instanceof OsVersion version && Arrays.equals(components, version.components);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(components);
    }

    /** The numbers as written, without the suffix: {@code 14.2.1} for {@code 14.2.1 (23C71)}, {@code 14.0} stays {@code 14.0}. */
    @Override
    public String toString() {
        return text;
    }
}
