package io.github.zerotrust.keycloak.authn.assessment;

import io.github.zerotrust.keycloak.authn.breakglass.BreakGlassSurvey;
import io.github.zerotrust.keycloak.assessment.Accounts;
import io.github.zerotrust.keycloak.assessment.RealmFacts;
import io.github.zerotrust.keycloak.authn.elevation.PrivilegedAccess;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.keycloak.Config;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.AdminRoles;
import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.models.credential.WebAuthnCredentialModel;
import org.keycloak.models.utils.RoleUtils;

/**
 * One pass over the realm's users (service accounts left out), a page at a time and at most {@link #MAX_USERS}: who
 * has a second factor, who has an admin role, who is privileged and who of them has a phishing-resistant factor.
 * Only counts and the first few names are kept, so a large realm costs time, not memory.
 */
final class PeopleSurvey {

    static final int MAX_USERS = 10_000;
    static final int PAGE = 200;
    static final Set<String> SECOND_FACTORS = Set.of(OTPCredentialModel.TYPE, WebAuthnCredentialModel.TYPE_TWOFACTOR,
            WebAuthnCredentialModel.TYPE_PASSWORDLESS);
    /** A security key or a passkey: bound to the site, so a phishing page cannot relay it. */
    static final Set<String> PHISHING_RESISTANT = Set.of(WebAuthnCredentialModel.TYPE_TWOFACTOR,
            WebAuthnCredentialModel.TYPE_PASSWORDLESS);

    private final KeycloakSession session;
    private final RealmModel realm;
    private final PrivilegedAccess access;
    private final boolean master;

    private int looked;
    private int withSecondFactor;
    private int admins;
    private int privileged;
    private int adminsWithout;
    private int privilegedWithout;
    private final List<String> adminsWithoutNames = new ArrayList<>();
    private final List<String> privilegedWithoutNames = new ArrayList<>();

    PeopleSurvey(KeycloakSession session, RealmModel realm, PrivilegedAccess access) {
        this.session = session;
        this.realm = realm;
        this.access = access;
        this.master = realm.getName().equals(Config.getAdminRealm());
    }

    PeopleSurvey run() {
        Map<String, String> all = Map.of(UserModel.INCLUDE_SERVICE_ACCOUNT, Boolean.FALSE.toString());
        for (int first = 0; first < MAX_USERS; first += PAGE) {
            List<UserModel> page = session.users().searchForUserStream(realm, all, first, Math.min(PAGE, MAX_USERS - first)).toList();
            page.forEach(this::look);
            if (page.size() < PAGE) {
                break;
            }
        }
        return this;
    }

    private void look(UserModel user) {
        if (user.getServiceAccountClientLink() != null) {
            return;
        }
        looked++;
        Set<String> factors = user.credentialManager().getStoredCredentialsStream().map(CredentialModel::getType)
                .filter(SECOND_FACTORS::contains).collect(Collectors.toSet());
        if (!factors.isEmpty()) {
            withSecondFactor++;
        }
        boolean admin = isAdmin(user);
        if (admin) {
            admins++;
            if (factors.isEmpty()) {
                adminsWithout++;
                name(adminsWithoutNames, user);
            }
        }
        if (admin || access.isPrivileged(user)) {
            privileged++;
            if (factors.stream().noneMatch(PHISHING_RESISTANT::contains)) {
                privilegedWithout++;
                name(privilegedWithoutNames, user);
            }
        }
    }

    private static void name(List<String> names, UserModel user) {
        if (names.size() < Accounts.MAX_NAMES) {
            names.add(user.getUsername());
        }
    }

    /** A role of realm-management (any: even view-users shows personal data); in master also {@code admin} and the realms' admin clients. */
    private boolean isAdmin(UserModel user) {
        return BreakGlassSurvey.holdsAdminRole(realm, user);
    }

    RealmFacts.People people() {
        int total = Math.max(looked, session.users().getUsersCount(realm, false));
        return new RealmFacts.People(total, looked, withSecondFactor);
    }

    int admins() {
        return admins;
    }

    Accounts adminsWithoutSecondFactor() {
        return new Accounts(adminsWithout, adminsWithoutNames);
    }

    int privileged() {
        return privileged;
    }

    Accounts privilegedWithoutPhishingResistant() {
        return new Accounts(privilegedWithout, privilegedWithoutNames);
    }
}
