package io.github.zerotrust.keycloak.elevation;

/**
 * Text typed by people (justifications, tickets, comments) and names from the directory, checked in one place.
 * Control characters could forge log lines and bidirectional overrides could make an approver read something
 * other than what was written, so both are refused; line breaks and tabs are legitimate in a text area and
 * become spaces. Lengths count code points, as the database columns do.
 */
final class FreeText {

    enum Check { OK, MALFORMED, TOO_LONG }

    /** The cleaned text (empty when none was given), or why it cannot be used. */
    record Cleaned(String text, Check check) {
    }

    private FreeText() {
    }

    static Cleaned clean(String raw, int maxLength) {
        if (raw == null) {
            return new Cleaned("", Check.OK);
        }
        // Far beyond any limit: refuse before looking at every character of a megabyte.
        if (raw.length() > 4L * maxLength + 1_000) {
            return new Cleaned("", Check.TOO_LONG);
        }
        StringBuilder out = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (isBreak(c)) {
                out.append(' ');
            } else if (isForbidden(raw, i)) {
                return new Cleaned("", Check.MALFORMED);
            } else {
                out.append(c);
            }
        }
        String text = out.toString().strip();
        return text.codePointCount(0, text.length()) > maxLength ? new Cleaned("", Check.TOO_LONG)
                : new Cleaned(text, Check.OK);
    }

    /** A name or id: 1 to {@code maxLength} characters, no surrounding white space, nothing {@link #clean} refuses, no breaks. */
    static boolean isName(String text, int maxLength) {
        if (text == null || text.isEmpty() || text.length() > maxLength || !text.strip().equals(text)) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (isBreak(text.charAt(i)) || isForbidden(text, i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isBreak(char c) {
        return c == '\t' || c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029';
    }

    private static boolean isForbidden(String text, int i) {
        char c = text.charAt(i);
        if (Character.isISOControl(c) || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069')) {
            return true;
        }
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1));
        }
        return Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)));
    }
}
