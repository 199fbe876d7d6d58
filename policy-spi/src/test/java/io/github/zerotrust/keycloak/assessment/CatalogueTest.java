package io.github.zerotrust.keycloak.assessment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import io.github.zerotrust.keycloak.breakglass.EmergencyAccess;
import io.github.zerotrust.keycloak.breakglass.EmergencyAccount;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Each check, status by status, at its named boundaries. */
class CatalogueTest {

    static Finding finding(Check check, Consumer<Facts> change) {
        Facts facts = new Facts();
        change.accept(facts);
        return Catalogue.assess(facts.build()).findings().stream().filter(f -> f.check() == check).findFirst().orElseThrow();
    }

    @Test
    void checkIdsAreUniqueAndInRoadmapOrder() {
        List<Check> checks = Catalogue.checks();
        assertThat(checks).extracting(Check::id).doesNotHaveDuplicates().hasSize(13);
        assertThat(checks).extracting(Check::stage).isSorted();
        assertThat(checks).allSatisfy(c -> assertThat(c.id()).matches("[a-z0-9]+(-[a-z0-9]+)*"));
        assertThat(Catalogue.assess(new Facts().build()).findings()).extracting(Finding::check).isEqualTo(checks);
    }

    @Test
    void aWellRunRealmPassesEveryCheck() {
        MaturityReport report = Catalogue.assess(new Facts().build());

        assertThat(report.findings()).filteredOn(f -> f.status() != CheckStatus.PASS).extracting(f -> f.check().id())
                .isEmpty();
        assertThat(report.score().overall()).isEqualTo(100);
    }

    @Nested
    class AdminsSecondFactor {

        @Test
        void passesWhenEveryAdminHasOne() {
            Finding f = finding(Catalogue.ADMINS_SECOND_FACTOR, x -> { });
            assertThat(f.status()).isEqualTo(CheckStatus.PASS);
            assertThat(f.evidence()).isEqualTo("All 2 users with an admin role have a second factor.");
        }

        @Test
        void failsForASingleAdminWithoutOneNamingHim() {
            Finding f = finding(Catalogue.ADMINS_SECOND_FACTOR, x -> {
                x.admins = 5;
                x.adminsWithoutSecondFactor = Accounts.of(List.of("bob"));
            });
            assertThat(f.status()).isEqualTo(CheckStatus.FAIL);
            assertThat(f.evidence()).isEqualTo("1 of 5 users with an admin role has no second factor: bob.");
        }

        @Test
        void namesAtMostTenAndCountsTheRest() {
            List<String> names = java.util.stream.IntStream.range(0, 12).mapToObj(i -> "admin" + i).toList();
            Finding f = finding(Catalogue.ADMINS_SECOND_FACTOR, x -> {
                x.admins = 12;
                x.adminsWithoutSecondFactor = Accounts.of(names);
            });
            assertThat(f.evidence()).endsWith("admin8, admin9 and 2 more.").doesNotContain("admin10");
        }

        @Test
        void doesNotApplyWithoutAdmins() {
            Finding f = finding(Catalogue.ADMINS_SECOND_FACTOR, x -> x.admins = 0);
            assertThat(f.status()).isEqualTo(CheckStatus.NOT_APPLICABLE);
        }

        @Test
        void saysWhenOnlyThePeopleWithinTheBoundWereLookedAt() {
            Finding f = finding(Catalogue.ADMINS_SECOND_FACTOR, x -> x.people = new RealmFacts.People(12_345, 10_000, 10_000));
            assertThat(f.evidence()).contains("(the first 10000 of 12345 users were looked at)");
        }
    }

    @Nested
    class UsersSecondFactor {

        Finding withFactor(int withSecondFactor, int looked) {
            return finding(Catalogue.USERS_SECOND_FACTOR, x -> x.people = new RealmFacts.People(looked, looked, withSecondFactor));
        }

        @Test
        void passesFrom95Percent() {
            assertThat(withFactor(95, 100).status()).isEqualTo(CheckStatus.PASS);
            assertThat(withFactor(94, 100).status()).isEqualTo(CheckStatus.PARTIAL);
        }

        @Test
        void isPartialFromHalf() {
            assertThat(withFactor(50, 100).status()).isEqualTo(CheckStatus.PARTIAL);
            assertThat(withFactor(49, 100).status()).isEqualTo(CheckStatus.FAIL);
        }

        @Test
        void countsThoseWithout() {
            assertThat(withFactor(38, 41).evidence()).isEqualTo("3 of 41 users have no second factor.");
        }

        @Test
        void doesNotApplyToARealmWithoutUsers() {
            assertThat(withFactor(0, 0).status()).isEqualTo(CheckStatus.NOT_APPLICABLE);
        }
    }

    @Nested
    class StandingAccess {

        @Test
        void passesWithJustInTimeOnly() {
            assertThat(finding(Catalogue.STANDING_ACCESS, x -> { }).status()).isEqualTo(CheckStatus.PASS);
        }

        @Test
        void failsWithPermanentAdminsAndNoEligibilities() {
            Finding f = finding(Catalogue.STANDING_ACCESS, x -> {
                x.standing = Map.of("client:realm-management:realm-admin", Accounts.of(List.of("alice", "bob")));
                x.eligibilities = 0;
            });
            assertThat(f.status()).isEqualTo(CheckStatus.FAIL);
            assertThat(f.evidence()).isEqualTo(
                    "2 users hold client:realm-management:realm-admin permanently (alice, bob); no just-in-time eligibilities.");
        }

        @Test
        void isPartialWhilePermanentAndJustInTimeLiveSideBySide() {
            Finding f = finding(Catalogue.STANDING_ACCESS, x -> {
                x.standing = Map.of("realm:ops-admin", Accounts.of(List.of("carol")));
                x.eligibilities = 1;
            });
            assertThat(f.status()).isEqualTo(CheckStatus.PARTIAL);
            assertThat(f.evidence()).isEqualTo("1 user holds realm:ops-admin permanently (carol); 1 just-in-time eligibility.");
        }

        @Test
        void doesNotApplyWhenNobodyHoldsOrMayActivateARole() {
            Finding f = finding(Catalogue.STANDING_ACCESS, x -> {
                x.standing = Map.of("realm:ops-admin", Accounts.NONE);
                x.eligibilities = 0;
            });
            assertThat(f.status()).isEqualTo(CheckStatus.NOT_APPLICABLE);
        }
    }

    @Nested
    class PhishingResistant {

        @Test
        void passesWhenEveryPrivilegedUserHasAKey() {
            assertThat(finding(Catalogue.PHISHING_RESISTANT, x -> { }).status()).isEqualTo(CheckStatus.PASS);
        }

        @Test
        void isPartialWhenSomeHave() {
            Finding f = finding(Catalogue.PHISHING_RESISTANT, x -> {
                x.privileged = 3;
                x.privilegedWithoutPhishingResistant = Accounts.of(List.of("bob"));
            });
            assertThat(f.status()).isEqualTo(CheckStatus.PARTIAL);
            assertThat(f.evidence()).isEqualTo("1 of 3 privileged users has no security key or passkey: bob.");
        }

        @Test
        void failsWhenNoneHas() {
            Finding f = finding(Catalogue.PHISHING_RESISTANT, x -> x.privilegedWithoutPhishingResistant = Accounts.of(List.of("a", "b")));
            assertThat(f.status()).isEqualTo(CheckStatus.FAIL);
        }

        @Test
        void doesNotApplyWithoutPrivilegedUsers() {
            assertThat(finding(Catalogue.PHISHING_RESISTANT, x -> x.privileged = 0).status()).isEqualTo(CheckStatus.NOT_APPLICABLE);
        }
    }

    @Nested
    class PasswordGrants {

        static RealmFacts.PasswordGrantClient client(String id, int uses) {
            return new RealmFacts.PasswordGrantClient(id, OptionalInt.of(uses), false);
        }

        @Test
        void passesWhenNoClientAllowsIt() {
            assertThat(finding(Catalogue.PASSWORD_GRANTS, x -> { }).status()).isEqualTo(CheckStatus.PASS);
        }

        @Test
        void failsWhenAClientUsedIt() {
            Finding f = finding(Catalogue.PASSWORD_GRANTS, x -> x.passwordGrants = List.of(client("admin-cli", 0), client("legacy-app", 120)));
            assertThat(f.status()).isEqualTo(CheckStatus.FAIL);
            assertThat(f.evidence()).isEqualTo("2 clients allow the password grant: admin-cli (not used in the last 7 days), "
                    + "legacy-app (used 120 times in the last 7 days).");
        }

        @Test
        void saysAtLeastWhenTheCountReachedItsBound() {
            Finding f = finding(Catalogue.PASSWORD_GRANTS, x -> x.passwordGrants = List.of(
                    new RealmFacts.PasswordGrantClient("legacy-app", OptionalInt.of(10_000), true)));
            assertThat(f.evidence()).contains("used at least 10000 times");
        }

        @Test
        void isPartialWhenAllowedButUnused() {
            Finding f = finding(Catalogue.PASSWORD_GRANTS, x -> x.passwordGrants = List.of(client("admin-cli", 0)));
            assertThat(f.status()).isEqualTo(CheckStatus.PARTIAL);
        }

        @Test
        void failsAndSaysUsageIsNotKnownWithoutEvents() {
            Finding f = finding(Catalogue.PASSWORD_GRANTS, x -> {
                x.passwordGrants = List.of(new RealmFacts.PasswordGrantClient("admin-cli", OptionalInt.empty(), false));
                x.loginEventsSaved = false;
            });
            assertThat(f.status()).isEqualTo(CheckStatus.FAIL);
            assertThat(f.evidence()).isEqualTo("1 client allows the password grant: admin-cli; whether it was used is not known: "
                    + "events are not saved.");
        }
    }

    @Nested
    class BruteForce {

        @Test
        void passesAtTenFailures() {
            assertThat(finding(Catalogue.BRUTE_FORCE, x -> x.bruteForceFailures = 10).status()).isEqualTo(CheckStatus.PASS);
        }

        @Test
        void isPartialAboveTen() {
            Finding f = finding(Catalogue.BRUTE_FORCE, x -> x.bruteForceFailures = 11);
            assertThat(f.status()).isEqualTo(CheckStatus.PARTIAL);
            assertThat(f.evidence()).isEqualTo("Brute-force detection is on and locks after 11 failures, more than 10.");
        }

        @Test
        void failsWhenOff() {
            assertThat(finding(Catalogue.BRUTE_FORCE, x -> x.bruteForceProtected = false).status()).isEqualTo(CheckStatus.FAIL);
        }
    }

    @Nested
    class PasswordPolicy {

        @Test
        void passesFrom12() {
            assertThat(finding(Catalogue.PASSWORD_POLICY, x -> x.minimumPasswordLength = 12).status()).isEqualTo(CheckStatus.PASS);
            assertThat(finding(Catalogue.PASSWORD_POLICY, x -> x.minimumPasswordLength = 11).status()).isEqualTo(CheckStatus.PARTIAL);
        }

        @Test
        void isPartialFrom8() {
            assertThat(finding(Catalogue.PASSWORD_POLICY, x -> x.minimumPasswordLength = 8).status()).isEqualTo(CheckStatus.PARTIAL);
            assertThat(finding(Catalogue.PASSWORD_POLICY, x -> x.minimumPasswordLength = 7).status()).isEqualTo(CheckStatus.FAIL);
        }

        @Test
        void failsWithoutALength() {
            Finding f = finding(Catalogue.PASSWORD_POLICY, x -> x.minimumPasswordLength = 0);
            assertThat(f.status()).isEqualTo(CheckStatus.FAIL);
            assertThat(f.evidence()).isEqualTo("The password policy sets no minimum length.");
        }
    }

    @Nested
    class EventsSaved {

        @Test
        void passesWithBoth() {
            assertThat(finding(Catalogue.EVENTS_SAVED, x -> { }).status()).isEqualTo(CheckStatus.PASS);
        }

        @Test
        void isPartialWithOne() {
            Finding f = finding(Catalogue.EVENTS_SAVED, x -> x.adminEventsSaved = false);
            assertThat(f.status()).isEqualTo(CheckStatus.PARTIAL);
            assertThat(f.evidence()).isEqualTo("User events are saved; admin events are not.");
            assertThat(finding(Catalogue.EVENTS_SAVED, x -> x.eventsSaved = false).status()).isEqualTo(CheckStatus.PARTIAL);
        }

        @Test
        void failsWithNone() {
            assertThat(finding(Catalogue.EVENTS_SAVED, x -> {
                x.eventsSaved = false;
                x.adminEventsSaved = false;
            }).status()).isEqualTo(CheckStatus.FAIL);
        }
    }

    @Nested
    class BreakGlass {

        private EmergencyAccount without(String id, String name, boolean enabled, boolean federated, Set<String> types) {
            return new EmergencyAccount(id, Optional.of(name), true, enabled, federated, types, true);
        }

        @Test
        void passesWithTwoReadyAccountsAndNamesThem() {
            Finding f = finding(Catalogue.BREAK_GLASS, x -> { });
            assertThat(f.status()).isEqualTo(CheckStatus.PASS);
            assertThat(f.evidence()).isEqualTo("2 of 2 break-glass accounts are ready (enabled, not federated, with a passkey "
                    + "or security key): glass-1, glass-2.");
        }

        @Test
        void aSecurityKeyCountsAsPhishingResistant() {
            Finding f = finding(Catalogue.BREAK_GLASS, x -> x.breakGlass = new EmergencyAccess(List.of(Facts.ready("u-1", "a"),
                    without("u-2", "b", true, false, Set.of("password", "webauthn")))));
            assertThat(f.status()).isEqualTo(CheckStatus.PASS);
        }

        @Test
        void failsWhenNoneIsMarked() {
            Finding f = finding(Catalogue.BREAK_GLASS, x -> x.breakGlass = new EmergencyAccess(List.of()));
            assertThat(f.status()).isEqualTo(CheckStatus.FAIL);
            assertThat(f.evidence()).startsWith("No account is marked break-glass");
        }

        @Test
        void oneReadyAccountIsPartialAndSaysWhatTheOthersLack() {
            Finding f = finding(Catalogue.BREAK_GLASS, x -> x.breakGlass = new EmergencyAccess(List.of(Facts.ready("u-1", "a"),
                    without("u-2", "b", true, false, Set.of("password", "otp")))));
            assertThat(f.status()).isEqualTo(CheckStatus.PARTIAL);
            assertThat(f.evidence()).contains("1 of 2", ": a;", "not ready: b (no phishing-resistant credential", "Two are needed.");
        }

        @Test
        void disabledFederatedAndDeletedAccountsDoNotCount() {
            Finding f = finding(Catalogue.BREAK_GLASS, x -> x.breakGlass = new EmergencyAccess(List.of(
                    without("u-1", "off", false, false, Set.of("webauthn-passwordless")),
                    without("u-2", "ldap", true, true, Set.of("webauthn-passwordless")),
                    EmergencyAccount.gone("u-3"))));
            assertThat(f.status()).isEqualTo(CheckStatus.FAIL);
            assertThat(f.evidence()).contains("0 of 3", "off (disabled)", "ldap (federated", "u-3 (the user no longer exists");
        }

        @Test
        void theStockRealmFailsIt() {
            assertThat(Catalogue.assess(Facts.stockRealm().build()).findings()).filteredOn(x -> x.check() == Catalogue.BREAK_GLASS)
                    .extracting(Finding::status).containsExactly(CheckStatus.FAIL);
        }
    }

    @Nested
    class ZeroTrustSteps {

        @Test
        void passesWithEveryKind() {
            assertThat(finding(Catalogue.ZERO_TRUST_STEPS, x -> { }).status()).isEqualTo(CheckStatus.PASS);
        }

        @Test
        void isPartialNamingWhatIsMissing() {
            Finding f = finding(Catalogue.ZERO_TRUST_STEPS, x -> x.browserFlowSteps = Set.of("zt-condition-network-zone", "zt-require-strength"));
            assertThat(f.status()).isEqualTo(CheckStatus.PARTIAL);
            assertThat(f.evidence()).isEqualTo("2 of 4 kinds of step in the bound browser flow (location, strength); missing: risk, device.");
        }

        @Test
        void failsWithStockSteps() {
            Finding f = finding(Catalogue.ZERO_TRUST_STEPS, x -> x.browserFlowSteps = Set.of("auth-cookie"));
            assertThat(f.status()).isEqualTo(CheckStatus.FAIL);
        }
    }

    @Nested
    class ShortSessions {

        Finding sessions(Duration max, Duration idle) {
            return finding(Catalogue.SHORT_SESSIONS, x -> {
                x.ssoSessionMax = max;
                x.ssoSessionIdle = idle;
            });
        }

        @Test
        void passesAtKeycloaksDefaults() {
            Finding f = sessions(Duration.ofHours(10), Duration.ofMinutes(30));
            assertThat(f.status()).isEqualTo(CheckStatus.PASS);
            assertThat(f.evidence()).isEqualTo("SSO sessions last at most 10 hours and end after 30 minutes idle.");
        }

        @Test
        void isPartialUpToADay() {
            assertThat(sessions(Duration.ofHours(11), Duration.ofMinutes(30)).status()).isEqualTo(CheckStatus.PARTIAL);
            assertThat(sessions(Duration.ofHours(24), Duration.ofHours(8)).status()).isEqualTo(CheckStatus.PARTIAL);
            assertThat(sessions(Duration.ofHours(10), Duration.ofMinutes(31)).status()).isEqualTo(CheckStatus.PARTIAL);
        }

        @Test
        void failsBeyondADayOrWithoutALimit() {
            assertThat(sessions(Duration.ofHours(25), Duration.ofMinutes(30)).status()).isEqualTo(CheckStatus.FAIL);
            assertThat(sessions(Duration.ofHours(10), Duration.ofHours(9)).status()).isEqualTo(CheckStatus.FAIL);
            Finding unlimited = sessions(Duration.ZERO, Duration.ofMinutes(30));
            assertThat(unlimited.status()).isEqualTo(CheckStatus.FAIL);
            assertThat(unlimited.evidence()).startsWith("SSO sessions have no maximum lifespan and end after 30 minutes idle");
        }
    }

    @Nested
    class RefreshReevaluation {

        @Test
        void passesWithAnEnabledPolicy() {
            Finding f = finding(Catalogue.REFRESH_REEVALUATION, x -> x.refreshPolicy = Optional.of("continuous"));
            assertThat(f.status()).isEqualTo(CheckStatus.PASS);
            assertThat(f.evidence()).contains("'continuous'");
        }

        @Test
        void failsWhenTheProfileIsNotUsedByAnEnabledPolicy() {
            Finding f = finding(Catalogue.REFRESH_REEVALUATION, x -> {
                x.refreshPolicy = Optional.empty();
                x.refreshExecutorUnused = true;
            });
            assertThat(f.status()).isEqualTo(CheckStatus.FAIL);
            assertThat(f.evidence()).isEqualTo("A client profile has zt-continuous-access, but no enabled client policy uses it.");
        }

        @Test
        void failsWithout() {
            assertThat(finding(Catalogue.REFRESH_REEVALUATION, x -> x.refreshPolicy = Optional.empty()).status())
                    .isEqualTo(CheckStatus.FAIL);
        }
    }

    @Nested
    class GuestsSponsored {

        @Test
        void doesNotApplyWithoutGuests() {
            assertThat(finding(Catalogue.GUESTS_SPONSORED, x -> x.guests = RealmFacts.Guests.NONE).status())
                    .isEqualTo(CheckStatus.NOT_APPLICABLE);
        }

        @Test
        void passesWhenEveryGuestHasASponsorAndAnEnd() {
            Finding f = finding(Catalogue.GUESTS_SPONSORED, x -> { });
            assertThat(f.status()).isEqualTo(CheckStatus.PASS);
            assertThat(f.evidence()).isEqualTo("All 3 guests have a sponsor and an end date.");
        }

        @Test
        void aGuestWithoutASponsorOrAnEndIsNamedAndTheCheckIsPartial() {
            Finding f = finding(Catalogue.GUESTS_SPONSORED, x -> x.guests = new RealmFacts.Guests(3,
                    Accounts.of(List.of("pat")), Accounts.of(List.of("pat", "sam"))));
            assertThat(f.status()).isEqualTo(CheckStatus.PARTIAL);
            assertThat(f.evidence()).isEqualTo("1 of 3 guests has no sponsor: pat; 2 of 3 guests have no end date: pat, sam.");
        }

        @Test
        void failsWhenNoGuestIsComplete() {
            Finding f = finding(Catalogue.GUESTS_SPONSORED, x -> x.guests = new RealmFacts.Guests(2,
                    Accounts.of(List.of("pat", "sam")), Accounts.NONE));
            assertThat(f.status()).isEqualTo(CheckStatus.FAIL);
        }
    }
}
