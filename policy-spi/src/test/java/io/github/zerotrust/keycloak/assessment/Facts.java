package io.github.zerotrust.keycloak.assessment;

import io.github.zerotrust.keycloak.breakglass.EmergencyAccess;
import io.github.zerotrust.keycloak.breakglass.EmergencyAccount;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Facts of a well-run realm, to be made weaker one field at a time. */
final class Facts {

    RealmFacts.People people = new RealmFacts.People(41, 41, 41);
    int admins = 2;
    Accounts adminsWithoutSecondFactor = Accounts.NONE;
    int privileged = 2;
    Accounts privilegedWithoutPhishingResistant = Accounts.NONE;
    Map<String, Accounts> standing = Map.of();
    int eligibilities = 2;
    List<RealmFacts.PasswordGrantClient> passwordGrants = List.of();
    boolean loginEventsSaved = true;
    boolean bruteForceProtected = true;
    int bruteForceFailures = 5;
    int minimumPasswordLength = 12;
    Set<String> browserFlowSteps = Set.of("auth-username-password-form", "zt-condition-country", "zt-risk-assessment",
            "zt-device-posture", "zt-require-mfa");
    Optional<String> refreshPolicy = Optional.of("continuous");
    boolean refreshExecutorUnused = false;
    boolean eventsSaved = true;
    boolean adminEventsSaved = true;
    Duration ssoSessionMax = Duration.ofHours(8);
    Duration ssoSessionIdle = Duration.ofMinutes(30);
    EmergencyAccess breakGlass = new EmergencyAccess(List.of(ready("u-1", "glass-1"), ready("u-2", "glass-2")));
    RealmFacts.Guests guests = new RealmFacts.Guests(3, Accounts.NONE, Accounts.NONE);

    RealmFacts build() {
        return new RealmFacts(people, admins, adminsWithoutSecondFactor, privileged, privilegedWithoutPhishingResistant,
                standing, eligibilities, passwordGrants, loginEventsSaved, bruteForceProtected, bruteForceFailures,
                minimumPasswordLength, browserFlowSteps, refreshPolicy, refreshExecutorUnused, eventsSaved,
                adminEventsSaved, ssoSessionMax, ssoSessionIdle, breakGlass, guests);
    }

    /** A break-glass account that would work in an outage. */
    static EmergencyAccount ready(String id, String username) {
        return new EmergencyAccount(id, Optional.of(username), true, true, false, Set.of("password", "webauthn-passwordless"), true);
    }

    /** The empty realm Keycloak creates: no users, stock flows and defaults, admin-cli allowing password grants. */
    static Facts stockRealm() {
        Facts f = new Facts();
        f.people = new RealmFacts.People(0, 0, 0);
        f.admins = 0;
        f.privileged = 0;
        f.eligibilities = 0;
        f.passwordGrants = List.of(new RealmFacts.PasswordGrantClient("admin-cli", java.util.OptionalInt.empty(), false));
        f.loginEventsSaved = false;
        f.bruteForceProtected = false;
        f.bruteForceFailures = 30;
        f.minimumPasswordLength = 0;
        f.browserFlowSteps = Set.of("auth-cookie", "auth-username-password-form");
        f.refreshPolicy = Optional.empty();
        f.eventsSaved = false;
        f.adminEventsSaved = false;
        f.ssoSessionMax = Duration.ofHours(10);
        f.ssoSessionIdle = Duration.ofMinutes(30);
        f.breakGlass = new EmergencyAccess(List.of());
        f.guests = RealmFacts.Guests.NONE;
        return f;
    }
}
