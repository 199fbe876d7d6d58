package io.github.zerotrust.keycloak.policy;

import java.util.Objects;
import java.util.Optional;

/**
 * What one step decides about one sign-in, before report-only: the same value for a real sign-in and a
 * What-If question, so the two cannot disagree.
 *
 * @param applies whether the rule holds: a condition matches, an enforcer acts
 * @param reason  why, by name; a misconfiguration fails closed (see {@link Reason#misconfiguration()})
 * @param detail  why, for events and admins, e.g. {@code country KP is in [KP, RU]}
 * @param action  what an enforcer does when it applies; empty for conditions and for enforcers that let through
 * @param warning something the admin should hear of although the step could decide (a group that does not exist)
 *
 * <p>{@code detail} and {@code warning} often quote a step's settings, which may be anything an admin typed (100 KB of
 * text, control characters): they go into every sign-in's log line and event, so each is cut to
 * {@value #MAX_TEXT} characters and its control characters are replaced.
 */
public record Verdict(boolean applies, Reason reason, String detail, Optional<Action> action, Optional<String> warning) {

    static final int MAX_TEXT = 500;

    public Verdict {
        Objects.requireNonNull(reason, "reason");
        detail = fit(Objects.requireNonNull(detail, "detail"));
        action = action == null ? Optional.empty() : action;
        warning = warning == null ? Optional.empty() : warning.map(Verdict::fit);
    }

    private static String fit(String text) {
        String clean = text.replaceAll("\\p{Cntrl}", "?");
        return clean.length() <= MAX_TEXT ? clean : clean.substring(0, MAX_TEXT - 3) + "...";
    }

    /** A condition's verdict. */
    public static Verdict of(boolean applies, Reason reason, String detail) {
        return new Verdict(applies, reason, detail, Optional.empty(), Optional.empty());
    }

    /** An enforcer that acts. */
    public static Verdict acts(Action action, Reason reason, String detail) {
        return new Verdict(true, reason, detail, Optional.of(action), Optional.empty());
    }

    /** An enforcer that lets the sign-in through. */
    public static Verdict passes(Reason reason, String detail) {
        return of(false, reason, detail);
    }

    public Verdict withWarning(Optional<String> value) {
        return new Verdict(applies, reason, detail, action, value);
    }

    public boolean misconfigured() {
        return reason.misconfiguration();
    }
}
