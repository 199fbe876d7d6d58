package io.github.zerotrust.keycloak.authn.assessment;

import io.github.zerotrust.keycloak.assessment.Accounts;
import io.github.zerotrust.keycloak.assessment.RealmFacts;
import io.github.zerotrust.keycloak.authn.breakglass.BreakGlassSurvey;
import io.github.zerotrust.keycloak.authn.elevation.PrivilegedAccess;
import io.github.zerotrust.keycloak.elevation.RoleRef;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.keycloak.Config;
import org.keycloak.models.AdminRoles;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.PasswordPolicy;

/**
 * Reads the facts the assessment judges from the realm: its users ({@link PeopleSurvey}), its privileged access, its
 * clients' grants and their use ({@link PasswordGrantUse}), its settings, flows and client policies
 * ({@link RefreshPolicies}). It reads and never writes.
 */
final class RealmSurvey {

    /** The deepest sub-flow followed: Keycloak allows cycles through a sloppy import, so the walk is bounded. */
    static final int MAX_FLOW_DEPTH = 20;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final Clock clock;

    RealmSurvey(KeycloakSession session, RealmModel realm, Clock clock) {
        this.session = session;
        this.realm = realm;
        this.clock = clock;
    }

    RealmFacts facts() {
        Instant now = clock.instant();
        PrivilegedAccess access = PrivilegedAccess.of(session, realm);
        PeopleSurvey people = new PeopleSurvey(session, realm, access).run();
        PasswordGrantUse grants = new PasswordGrantUse(session, realm, now);
        RefreshPolicies refresh = new RefreshPolicies(session, realm);
        return new RealmFacts(
                people.people(),
                people.admins(),
                people.adminsWithoutSecondFactor(),
                people.privileged(),
                people.privilegedWithoutPhishingResistant(),
                standing(access),
                access.currentEligibilities(now),
                grants.clients(),
                grants.eventsSaved(),
                realm.isBruteForceProtected(),
                realm.getFailureFactor(),
                minimumLength(),
                browserFlowSteps(),
                refresh.enabledPolicy(),
                refresh.executorUnused(),
                realm.isEventsEnabled(),
                realm.isAdminEventsEnabled(),
                Duration.ofSeconds(realm.getSsoSessionMaxLifespan()),
                Duration.ofSeconds(realm.getSsoSessionIdleTimeout()),
                BreakGlassSurvey.of(session, realm),
                guests());
    }

    /** The realm's guests, and those of them without a sponsor or without an end date. */
    private RealmFacts.Guests guests() {
        int count = 0;
        int noSponsor = 0;
        int noEnd = 0;
        List<String> noSponsorNames = new java.util.ArrayList<>();
        List<String> noEndNames = new java.util.ArrayList<>();
        for (UserModel user : io.github.zerotrust.keycloak.authn.signin.Guests.all(session, realm)) {
            Optional<io.github.zerotrust.keycloak.guest.Guest> guest = io.github.zerotrust.keycloak.authn.signin.Guests.of(session, realm, user);
            if (guest.isEmpty()) {
                continue;
            }
            count++;
            if (guest.get().sponsorId().isEmpty()) {
                noSponsor++;
                noSponsorNames.add(user.getUsername());
            }
            if (guest.get().endsAt().isEmpty()) {
                noEnd++;
                noEndNames.add(user.getUsername());
            }
        }
        return new RealmFacts.Guests(count, new Accounts(noSponsor, noSponsorNames), new Accounts(noEnd, noEndNames));
    }

    /** The privileged roles and the realm's full admin role: realm-admin, or {@code admin} in master. */
    private Map<String, Accounts> standing(PrivilegedAccess access) {
        RoleRef admin = realm.getName().equals(Config.getAdminRealm()) ? RoleRef.realm(AdminRoles.ADMIN)
                : RoleRef.client(Constants.REALM_MANAGEMENT_CLIENT_ID, AdminRoles.REALM_ADMIN);
        Map<String, Accounts> standing = new TreeMap<>();
        access.standing(Set.of(admin)).forEach((role, users) -> standing.put(role, Accounts.of(List.copyOf(users))));
        return standing;
    }

    private int minimumLength() {
        PasswordPolicy policy = realm.getPasswordPolicy();
        Object length = policy == null ? null : policy.getPolicyConfig("length");
        return length instanceof Integer n ? n : 0;
    }

    /** Provider ids of the steps of the realm's browser flow that are not disabled, in any sub-flow. */
    private Set<String> browserFlowSteps() {
        Set<String> steps = new HashSet<>();
        AuthenticationFlowModel flow = realm.getBrowserFlow();
        if (flow != null) {
            collect(flow.getId(), steps, new HashSet<>(), 0);
        }
        return steps;
    }

    private void collect(String flowId, Set<String> steps, Set<String> seen, int depth) {
        if (depth > MAX_FLOW_DEPTH || !seen.add(flowId)) {
            return;
        }
        for (AuthenticationExecutionModel execution : realm.getAuthenticationExecutionsStream(flowId).toList()) {
            if (execution.getRequirement() == AuthenticationExecutionModel.Requirement.DISABLED) {
                continue;
            }
            if (execution.isAuthenticatorFlow()) {
                collect(execution.getFlowId(), steps, seen, depth + 1);
            } else if (execution.getAuthenticator() != null) {
                steps.add(execution.getAuthenticator());
            }
        }
    }
}
