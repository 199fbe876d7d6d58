package io.github.zerotrust.keycloak.risk;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The rule for what a user's sign-in history keeps: bounded in size and in age, so old habits fade
 * and storage stays small. The shell applies it whenever it records a successful sign-in.
 */
public final class SignInHistory {

    private static final Comparator<PastSignIn> NEWEST_FIRST = Comparator.comparing(PastSignIn::at).reversed();

    private SignInHistory() {
    }

    /**
     * The newest {@code maxEntries} sign-ins no older than {@code maxAge} at {@code now}, newest
     * first. A sign-in exactly {@code maxAge} old is kept; one stamped after {@code now} (clock skew
     * between nodes) is kept too.
     */
    public static List<PastSignIn> retain(List<PastSignIn> history, int maxEntries, Duration maxAge, Instant now) {
        if (history == null || maxEntries <= 0) {
            return List.of();
        }
        Instant oldest = now.minus(maxAge);
        List<PastSignIn> kept = new ArrayList<>(Math.min(history.size(), maxEntries + 1));
        for (PastSignIn past : history) {
            if (past != null && !past.at().isBefore(oldest)) {
                kept.add(past);
            }
        }
        // Stored order is not trusted: another node may have appended concurrently.
        kept.sort(NEWEST_FIRST);
        return List.copyOf(kept.subList(0, Math.min(kept.size(), maxEntries)));
    }

    /** The history after a successful sign-in: the new one first, then the retention rule. */
    public static List<PastSignIn> record(List<PastSignIn> history, PastSignIn signIn, RiskSettings settings,
                                          Instant now) {
        List<PastSignIn> updated = new ArrayList<>((history == null ? 0 : history.size()) + 1);
        updated.add(signIn);
        if (history != null) {
            updated.addAll(history);
        }
        return retain(updated, settings.historySize(), settings.historyRetention(), now);
    }
}
