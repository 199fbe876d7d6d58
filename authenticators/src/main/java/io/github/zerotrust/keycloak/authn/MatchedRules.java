package io.github.zerotrust.keycloak.authn;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The rules that matched so far in this sign-in, kept in the authentication session so that the
 * step which acts on them (deny, step-up) can explain itself in its event and page.
 */
public final class MatchedRules {

    static final String MATCHED_NOTE = "zt.matched";
    static final String REPORT_ONLY_NOTE = "zt.report_only";
    private static final String SEPARATOR = "\n";
    // Bounds the note: a flow has a handful of rules, never hundreds.
    private static final int MAX_ENTRIES = 20;

    private static final Logger LOG = Logger.getLogger(MatchedRules.class);

    private MatchedRules() {
    }

    public record Match(String rule, String reason, Kind kind) {
        public String describe() {
            return rule + ": " + reason;
        }
    }

    /** What sort of rule matched: lets the deny page say "this country" or "this network". */
    public enum Kind { COUNTRY, NETWORK, RISK, OTHER }

    /** A rule is named by its step's configuration alias; steps without a configuration by {@code fallback}. */
    public static String ruleName(AuthenticatorConfigModel config, String fallback) {
        return config != null && config.getAlias() != null ? config.getAlias() : fallback;
    }

    /**
     * What a condition's verdict does to the flow. A report-only rule records what it would have
     * decided and then does not match, so admins can watch a rule's effect in the events before
     * they switch it on; a rule that acts is remembered for the step that follows (deny, step-up).
     * A misconfigured rule matches (fail closed) and says so in the log.
     */
    public static boolean conclude(AuthenticationFlowContext context, Match match, Verdict verdict) {
        if (verdict.reason().startsWith("misconfigured")) {
            LOG.warnf("Realm %s: condition %s is %s; treating it as matched", context.getRealm().getName(), match.rule(),
                    verdict.reason());
        }
        if (!verdict.matched()) {
            return false;
        }
        if (verdict.reportOnly()) {
            context.getEvent().detail(EventDetails.REPORT_ONLY,
                    reportOnly(context.getAuthenticationSession(), match.rule(), match.reason()));
            return false;
        }
        matched(context.getAuthenticationSession(), match);
        return true;
    }

    public static void matched(AuthenticationSessionModel authSession, Match match) {
        append(authSession, MATCHED_NOTE, match.kind().name() + "|" + match.rule() + "|" + match.reason());
    }

    /** Returns what would have matched under report-only, all of this sign-in so far, for the event. */
    public static String reportOnly(AuthenticationSessionModel authSession, String rule, String reason) {
        return append(authSession, REPORT_ONLY_NOTE, rule + ": would match (" + reason + ")").replace(SEPARATOR, "; ");
    }

    /** The matches recorded so far, oldest first; consumed by the step that acts on them. */
    public static List<Match> take(AuthenticationSessionModel authSession) {
        String note = authSession.getAuthNote(MATCHED_NOTE);
        authSession.removeAuthNote(MATCHED_NOTE);
        List<Match> matches = new ArrayList<>();
        if (note == null) {
            return matches;
        }
        for (String line : note.split(SEPARATOR)) {
            String[] parts = line.split("\\|", 3);
            if (parts.length == 3) {
                matches.add(new Match(parts[1], parts[2], Kind.valueOf(parts[0])));
            }
        }
        return matches;
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
