package io.github.zerotrust.keycloak.authn.signin;

import io.github.zerotrust.keycloak.policy.MatchedRule;
import io.github.zerotrust.keycloak.policy.RuleKind;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The rules that matched so far in this sign-in ({@code zt.matched}) and what report-only rules would
 * have done ({@code zt.report_only}), kept in the authentication session so that the step which acts on
 * them (deny, remediation) and the final event can explain themselves.
 */
public final class MatchedRules {

    static final String MATCHED_NOTE = "zt.matched";
    static final String REPORT_ONLY_NOTE = "zt.report_only";
    static final String BREAK_GLASS_NOTE = "zt.break-glass";
    private static final String SEPARATOR = "\n";
    // Bounds the note: a flow has a handful of rules, never hundreds.
    private static final int MAX_ENTRIES = 20;

    private MatchedRules() {
    }

    /** A rule is named by its step's configuration alias; steps without a configuration by {@code fallback}. */
    public static String ruleName(AuthenticatorConfigModel config, String fallback) {
        return config != null && config.getAlias() != null ? config.getAlias() : fallback;
    }

    static void matched(AuthenticationSessionModel authSession, MatchedRule match) {
        append(authSession, MATCHED_NOTE, match.kind().name() + "|" + match.rule() + "|" + match.reason());
    }

    /** Returns what would have matched under report-only, all of this sign-in so far, for the event. */
    static String reportOnly(AuthenticationSessionModel authSession, String rule, String reason) {
        return append(authSession, REPORT_ONLY_NOTE, rule + ": would match (" + reason + ")").replace(SEPARATOR, "; ");
    }

    /** The rules that let a break-glass account through in this sign-in, so far, for the event. */
    static String exempted(AuthenticationSessionModel authSession, String rule) {
        return append(authSession, BREAK_GLASS_NOTE, rule).replace(SEPARATOR, ", ");
    }

    /** The matches recorded so far, oldest first, left in place. */
    static List<MatchedRule> peek(AuthenticationSessionModel authSession) {
        String note = authSession.getAuthNote(MATCHED_NOTE);
        List<MatchedRule> matches = new ArrayList<>();
        if (note == null) {
            return matches;
        }
        for (String line : note.split(SEPARATOR)) {
            String[] parts = line.split("\\|", 3);
            if (parts.length == 3) {
                try {
                    matches.add(new MatchedRule(parts[1], parts[2], RuleKind.valueOf(parts[0])));
                } catch (IllegalArgumentException unreadable) {
                    // A note from another version: the entry counts as not there.
                }
            }
        }
        return matches;
    }

    /** Consumed by the step that acts on them, so a later sub-flow starts afresh. */
    public static void clearFor(AuthenticationSessionModel authSession) {
        authSession.removeAuthNote(MATCHED_NOTE);
    }

    private static String append(AuthenticationSessionModel authSession, String note, String entry) {
        Set<String> entries = new LinkedHashSet<>();
        String existing = authSession.getAuthNote(note);
        if (existing != null) {
            entries.addAll(List.of(existing.split(SEPARATOR)));
        }
        if (entries.size() < MAX_ENTRIES) {
            entries.add(entry.replace(SEPARATOR, " "));
        }
        String joined = String.join(SEPARATOR, entries);
        authSession.setAuthNote(note, joined);
        return joined;
    }
}
