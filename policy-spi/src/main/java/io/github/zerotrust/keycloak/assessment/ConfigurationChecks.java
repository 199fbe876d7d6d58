package io.github.zerotrust.keycloak.assessment;

import io.github.zerotrust.keycloak.breakglass.EmergencyAccess;
import io.github.zerotrust.keycloak.breakglass.EmergencyAccount;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The checks on the realm's settings: grants, defences, flows, policies, events and sessions. */
final class ConfigurationChecks {

    /** Cyber Essentials: lock after at most 10 guesses. */
    static final int MAX_FAILURES = 10;
    /** At least this length passes; at least {@link #FAIR_PASSWORD_LENGTH} is partial (NCSC and NIST minimum with MFA). */
    static final int GOOD_PASSWORD_LENGTH = 12;
    static final int FAIR_PASSWORD_LENGTH = 8;
    /** A working day; Keycloak's defaults (10 hours, 30 minutes) pass. */
    static final Duration SHORT_MAX = Duration.ofHours(10);
    static final Duration SHORT_IDLE = Duration.ofMinutes(30);
    /** Up to a day (and idle up to 8 hours) is partial; longer, or no limit, fails. */
    static final Duration FAIR_MAX = Duration.ofHours(24);
    static final Duration FAIR_IDLE = Duration.ofHours(8);
    /** The suite's browser-flow steps, by the signal they add; one of each kind is a complete flow. */
    static final Map<String, Set<String>> STEP_KINDS = steps();

    private ConfigurationChecks() {
    }

    private static Map<String, Set<String>> steps() {
        Map<String, Set<String>> kinds = new LinkedHashMap<>();
        kinds.put("location", Set.of("zt-condition-network-zone", "zt-condition-country"));
        kinds.put("risk", Set.of("zt-risk-assessment", "zt-condition-risk-level"));
        kinds.put("device", Set.of("zt-device-posture", "zt-condition-device-compliant", "zt-condition-device-managed"));
        kinds.put("strength", Set.of("zt-require-mfa", "zt-require-strength"));
        return java.util.Collections.unmodifiableMap(kinds);
    }

    static Finding passwordGrants(RealmFacts facts) {
        Check check = Catalogue.PASSWORD_GRANTS;
        List<RealmFacts.PasswordGrantClient> clients = facts.passwordGrants();
        if (clients.isEmpty()) {
            return check.pass("No enabled client allows the password grant.");
        }
        String allow = clients.size() + (clients.size() == 1 ? " client allows" : " clients allow") + " the password grant: ";
        if (!facts.loginEventsSaved()) {
            return check.fail(allow + names(clients) + "; whether it was used is not known: events are not saved.");
        }
        List<String> each = new ArrayList<>();
        boolean used = false;
        for (RealmFacts.PasswordGrantClient client : clients) {
            int uses = client.uses().orElse(0);
            used |= uses > 0;
            each.add(client.clientId() + (uses == 0 ? " (not used" : " (used " + (client.atLeast() ? "at least " : "")
                    + uses + (uses == 1 ? " time" : " times")) + " in the last 7 days)");
        }
        String evidence = allow + String.join(", ", each) + ".";
        // Allowed but unused is half done: nothing depends on it, so it can be switched off today.
        return used ? check.fail(evidence) : check.partial(evidence);
    }

    static Finding bruteForce(RealmFacts facts) {
        Check check = Catalogue.BRUTE_FORCE;
        if (!facts.bruteForceProtected()) {
            return check.fail("Brute-force detection is off: passwords can be guessed without limit.");
        }
        String evidence = "Brute-force detection is on and locks after " + facts.bruteForceFailures() + " failures";
        return facts.bruteForceFailures() <= MAX_FAILURES ? check.pass(evidence + ".")
                : check.partial(evidence + ", more than " + MAX_FAILURES + ".");
    }

    static Finding passwordPolicy(RealmFacts facts) {
        Check check = Catalogue.PASSWORD_POLICY;
        int length = facts.minimumPasswordLength();
        if (length <= 0) {
            return check.fail("The password policy sets no minimum length.");
        }
        String evidence = "The password policy asks for at least " + length + " characters";
        if (length >= GOOD_PASSWORD_LENGTH) {
            return check.pass(evidence + ".");
        }
        return length >= FAIR_PASSWORD_LENGTH ? check.partial(evidence + ", fewer than " + GOOD_PASSWORD_LENGTH + ".")
                : check.fail(evidence + ", fewer than " + FAIR_PASSWORD_LENGTH + ".");
    }

    static Finding eventsSaved(RealmFacts facts) {
        Check check = Catalogue.EVENTS_SAVED;
        if (facts.eventsSaved() && facts.adminEventsSaved()) {
            return check.pass("User events and admin events are saved.");
        }
        if (facts.eventsSaved() || facts.adminEventsSaved()) {
            return check.partial((facts.eventsSaved() ? "User events are saved; admin events are not."
                    : "Admin events are saved; user events are not."));
        }
        return check.fail("Neither user events nor admin events are saved.");
    }

    /**
     * Passes with at least two accounts that would work in an outage (enabled, not federated, with a passkey or
     * security key); one is partial; none fails. The evidence names the accounts and what each lacks.
     */
    static Finding breakGlass(RealmFacts facts) {
        Check check = Catalogue.BREAK_GLASS;
        EmergencyAccess access = facts.breakGlass();
        if (access.accounts().isEmpty()) {
            return check.fail("No account is marked break-glass: if a rule or an outage locks the admins out, there is no way back in.");
        }
        List<EmergencyAccount> ready = access.ready();
        StringBuilder evidence = new StringBuilder();
        evidence.append(ready.size()).append(" of ").append(access.accounts().size())
                .append(access.accounts().size() == 1 ? " break-glass account is" : " break-glass accounts are")
                .append(" ready (enabled, not federated, with a passkey or security key)");
        if (!ready.isEmpty()) {
            evidence.append(": ").append(ready.stream().map(EmergencyAccount::name).collect(Collectors.joining(", ")));
        }
        List<EmergencyAccount> notReady = access.notReady();
        if (!notReady.isEmpty()) {
            evidence.append("; not ready: ").append(notReady.stream()
                    .map(a -> a.name() + " (" + String.join(", ", a.warnings().stream()
                            .filter(w -> !w.equals(EmergencyAccount.NO_ADMIN_ROLE)).toList()) + ")")
                    .collect(Collectors.joining("; ")));
        }
        evidence.append('.');
        if (ready.size() >= EmergencyAccess.MINIMUM) {
            return check.pass(evidence.toString());
        }
        return ready.isEmpty() ? check.fail(evidence.toString()) : check.partial(evidence + " Two are needed.");
    }

    static Finding zeroTrustSteps(RealmFacts facts) {
        Check check = Catalogue.ZERO_TRUST_STEPS;
        List<String> present = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        STEP_KINDS.forEach((kind, ids) -> (ids.stream().anyMatch(facts.browserFlowSteps()::contains) ? present : missing).add(kind));
        if (missing.isEmpty()) {
            return check.pass("The bound browser flow checks location, risk, device and strength.");
        }
        String evidence = present.size() + " of " + STEP_KINDS.size() + " kinds of step in the bound browser flow"
                + (present.isEmpty() ? "" : " (" + String.join(", ", present) + ")") + "; missing: " + String.join(", ", missing) + ".";
        return present.isEmpty() ? check.fail(evidence) : check.partial(evidence);
    }

    static Finding shortSessions(RealmFacts facts) {
        Check check = Catalogue.SHORT_SESSIONS;
        Duration max = facts.ssoSessionMax();
        Duration idle = facts.ssoSessionIdle();
        String evidence = (positive(max) ? "SSO sessions last at most " + text(max) : "SSO sessions have no maximum lifespan")
                + (positive(idle) ? " and end after " + text(idle) + " idle" : " and no idle timeout");
        if (within(max, SHORT_MAX) && within(idle, SHORT_IDLE)) {
            return check.pass(evidence + ".");
        }
        if (within(max, FAIR_MAX) && within(idle, FAIR_IDLE)) {
            return check.partial(evidence + "; short is at most " + text(SHORT_MAX) + " and " + text(SHORT_IDLE) + ".");
        }
        return check.fail(evidence + "; short is at most " + text(SHORT_MAX) + " and " + text(SHORT_IDLE) + ".");
    }

    static Finding refreshReevaluation(RealmFacts facts) {
        Check check = Catalogue.REFRESH_REEVALUATION;
        if (facts.refreshPolicy().isPresent()) {
            return check.pass("The enabled client policy '" + facts.refreshPolicy().get() + "' runs zt-continuous-access at every refresh.");
        }
        return check.fail(facts.refreshExecutorUnused()
                ? "A client profile has zt-continuous-access, but no enabled client policy uses it."
                : "No enabled client policy runs zt-continuous-access: refresh tokens are not judged again.");
    }

    /** Zero or less is no limit. */
    private static boolean within(Duration value, Duration bound) {
        return positive(value) && value.compareTo(bound) <= 0;
    }

    private static boolean positive(Duration value) {
        return value.compareTo(Duration.ZERO) > 0;
    }

    static String text(Duration d) {
        long minutes = d.toMinutes();
        if (minutes % 60 != 0 || minutes < 60) {
            return minutes + (minutes == 1 ? " minute" : " minutes");
        }
        long hours = d.toHours();
        return hours + (hours == 1 ? " hour" : " hours");
    }

    private static String names(List<RealmFacts.PasswordGrantClient> clients) {
        return clients.stream().map(RealmFacts.PasswordGrantClient::clientId).collect(Collectors.joining(", "));
    }
}
