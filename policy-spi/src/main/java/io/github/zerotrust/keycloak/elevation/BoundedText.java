package io.github.zerotrust.keycloak.elevation;

/**
 * Text for a regular expression an admin wrote and a user's input is matched against: each
 * character read counts, and past the budget the match stops. Java's regex engine backtracks, so a
 * pattern like {@code (a+)+b} would otherwise hold a request thread for as long as the universe on a
 * 40-character ticket; a stopped match counts as "does not match".
 */
final class BoundedText implements CharSequence {

    /** Thrown when the budget is spent; the caller treats the text as not matching. */
    static final class Exhausted extends RuntimeException {
        Exhausted() {
            super("the pattern needs too many steps for this text", null, false, false);
        }
    }

    private final CharSequence text;
    private final int[] budget;

    BoundedText(CharSequence text, int budget) {
        this(text, new int[] {budget});
    }

    private BoundedText(CharSequence text, int[] budget) {
        this.text = text;
        this.budget = budget;
    }

    @Override
    public char charAt(int index) {
        if (--budget[0] < 0) {
            throw new Exhausted();
        }
        return text.charAt(index);
    }

    @Override
    public int length() {
        return text.length();
    }

    // A sub-sequence shares the budget, so the engine cannot escape it by slicing.
    @Override
    public CharSequence subSequence(int start, int end) {
        return new BoundedText(text.subSequence(start, end), budget);
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
