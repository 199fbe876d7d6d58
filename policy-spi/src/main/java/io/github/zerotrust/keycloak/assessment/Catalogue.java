package io.github.zerotrust.keycloak.assessment;

import io.github.zerotrust.keycloak.template.Templates;
import java.util.List;
import java.util.Optional;

/**
 * The checks a realm is measured against, in roadmap order. Their ids are stable (they are stored in history and
 * read by scripts); titles, texts and weights may change. Each check is judged by {@link AccountChecks} or
 * {@link ConfigurationChecks} from {@link RealmFacts} alone.
 */
public final class Catalogue {

    static final String WALK_THROUGH = "README.md#admin-walk-through";
    static final String MATURITY = "README.md#how-mature-is-your-realm";

    public static final Check ADMINS_SECOND_FACTOR = new Check("admins-second-factor", Stage.FOUNDATION, 10,
            "Every admin has a second factor",
            "A stolen admin password alone must not open the realm's administration.",
            "Register an OTP app, security key or passkey for each admin; add Zero Trust - require MFA (with grace period) to the browser flow.",
            WALK_THROUGH, Optional.of(Templates.FOUNDATION.id()));
    public static final Check USERS_SECOND_FACTOR = new Check("users-second-factor", Stage.FOUNDATION, 8,
            "Users have a second factor",
            "Most account takeovers start with a reused or phished password; a second factor stops them.",
            "Add Zero Trust - require MFA with a grace period, so every user registers a factor at the next sign-in.",
            WALK_THROUGH, Optional.of(Templates.FOUNDATION.id()));
    public static final Check PASSWORD_GRANTS = new Check("password-grants", Stage.FOUNDATION, 6,
            "No client signs users in with the password grant",
            "The password grant skips the browser flow: no second factor, no location or device rules, no passkeys.",
            "Turn off Direct access grants on each client listed, or start the direct-grant flow with Zero Trust - block password grants.",
            WALK_THROUGH, Optional.of(Templates.FOUNDATION.id()));
    public static final Check BRUTE_FORCE = new Check("brute-force-protection", Stage.FOUNDATION, 6,
            "Brute-force protection locks after at most " + ConfigurationChecks.MAX_FAILURES + " failures",
            "Without it, passwords can be guessed online without limit (Cyber Essentials asks for at most 10 attempts).",
            "Realm settings > Security defenses > Brute force detection: on, with Max login failures at most 10.",
            MATURITY, Optional.of(Templates.INTERMEDIATE.id()));
    public static final Check PASSWORD_POLICY = new Check("password-policy", Stage.FOUNDATION, 4,
            "Passwords are at least " + ConfigurationChecks.GOOD_PASSWORD_LENGTH + " characters",
            "Short passwords are guessed and cracked quickly; length matters more than character rules.",
            "Authentication > Policies > Password policy: add Minimum length 12.",
            MATURITY);
    public static final Check EVENTS_SAVED = new Check("events-saved", Stage.FOUNDATION, 4,
            "Sign-in events and admin events are saved",
            "Without saved events nobody can tell afterwards who signed in, who was refused, or who changed what.",
            "Realm settings > Events: save user events and admin events (with a retention that fits your audit).",
            MATURITY);
    public static final Check BREAK_GLASS = new Check("break-glass-accounts", Stage.FOUNDATION, 6,
            "At least two break-glass accounts",
            "If a rule or an outage locks every admin out, an emergency account is the way back in.",
            "Keep two emergency admin accounts with passkeys, outside the zero-trust rules, and watch their sign-ins.",
            MATURITY);
    public static final Check STANDING_ACCESS = new Check("standing-privileged-access", Stage.INTERMEDIATE, 8,
            "Privileged roles are held just in time, not permanently",
            "A permanent admin role is always there for a thief; a just-in-time one exists only while it is used.",
            "Create eligibilities for the admins and remove their permanent role mappings.",
            WALK_THROUGH, Optional.of(Templates.INTERMEDIATE.id()));
    public static final Check ZERO_TRUST_STEPS = new Check("zero-trust-steps", Stage.INTERMEDIATE, 8,
            "The browser flow checks location, risk, device and strength",
            "A password proves little on its own; each step adds a signal an attacker must also fake.",
            "Bind a browser flow with the suite's location, risk, device and MFA or strength steps.",
            WALK_THROUGH, Optional.of(Templates.INTERMEDIATE.id()));
    public static final Check SHORT_SESSIONS = new Check("short-sessions", Stage.INTERMEDIATE, 4,
            "SSO sessions are short",
            "A copied session cookie is worth only as long as the session lives.",
            "Realm settings > Sessions: SSO Session Max at most 10 hours, SSO Session Idle at most 30 minutes.",
            MATURITY);
    public static final Check PHISHING_RESISTANT = new Check("phishing-resistant-privileged", Stage.ADVANCED, 8,
            "Privileged users have a phishing-resistant factor",
            "OTP codes can be phished in real time; security keys and passkeys are bound to the site and cannot.",
            "Have each admin register a security key or passkey; require it with Zero Trust - require authentication strength.",
            WALK_THROUGH, Optional.of(Templates.ADVANCED.id()));
    public static final Check REFRESH_REEVALUATION = new Check("refresh-reevaluation", Stage.ADVANCED, 6,
            "Every token refresh is judged again",
            "A sign-in is judged once; without re-evaluation a stolen refresh token keeps working from anywhere.",
            "Add a client profile with the executor zt-continuous-access and an enabled client policy that uses it.",
            WALK_THROUGH, Optional.of(Templates.ADVANCED.id()));
    public static final Check GUESTS_SPONSORED = new Check("guests-sponsored", Stage.ADVANCED, 4,
            "Every guest has a sponsor and an end date",
            "A partner's account nobody answers for, with no end, outlives the work it was made for and is never reviewed.",
            "Set a sponsor and an end date for each guest listed (PUT /admin/realms/{realm}/zero-trust/guests/{userId}).",
            "README.md#guests-with-sponsors-and-end-dates");

    private static final List<Check> CHECKS = List.of(ADMINS_SECOND_FACTOR, USERS_SECOND_FACTOR, PASSWORD_GRANTS,
            BRUTE_FORCE, PASSWORD_POLICY, EVENTS_SAVED, BREAK_GLASS, STANDING_ACCESS, ZERO_TRUST_STEPS, SHORT_SESSIONS,
            PHISHING_RESISTANT, REFRESH_REEVALUATION, GUESTS_SPONSORED);

    private Catalogue() {
    }

    public static List<Check> checks() {
        return CHECKS;
    }

    /** Every check against the realm's facts, in catalogue order, and the score. */
    public static MaturityReport assess(RealmFacts facts) {
        List<Finding> findings = List.of(
                AccountChecks.adminsSecondFactor(facts),
                AccountChecks.usersSecondFactor(facts),
                ConfigurationChecks.passwordGrants(facts),
                ConfigurationChecks.bruteForce(facts),
                ConfigurationChecks.passwordPolicy(facts),
                ConfigurationChecks.eventsSaved(facts),
                ConfigurationChecks.breakGlass(facts),
                AccountChecks.standingAccess(facts),
                ConfigurationChecks.zeroTrustSteps(facts),
                ConfigurationChecks.shortSessions(facts),
                AccountChecks.phishingResistant(facts),
                ConfigurationChecks.refreshReevaluation(facts),
                AccountChecks.guestsSponsored(facts));
        return new MaturityReport(findings, Score.of(findings));
    }
}
