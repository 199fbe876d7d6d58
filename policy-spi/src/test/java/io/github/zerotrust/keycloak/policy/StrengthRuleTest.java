package io.github.zerotrust.keycloak.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.zerotrust.keycloak.risk.RiskLevel;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StrengthRuleTest {

    static final Map<String, Integer> ACR_LOA_MAP = Map.of("mfa", 2, "phr", 3);

    static StrengthRule.Settings strength(String value) {
        return StrengthRule.Settings.parse(Map.of(StrengthRule.Settings.STRENGTH, value));
    }

    @Test
    void anAcrValueStandsForItsLevelInTheMap() {
        assertThat(strength("phr").level(ACR_LOA_MAP)).contains(3);
        assertThat(strength(" mfa ").level(ACR_LOA_MAP)).contains(2);
    }

    @Test
    void aLevelNumberIsTakenAsItIs() {
        assertThat(strength("2").level(ACR_LOA_MAP)).contains(2);
    }

    @ParameterizedTest
    @CsvSource({"gold", "-1", "''", "PHR"})
    void aStrengthThatNamesNothingHasNoLevel(String value) {
        assertThat(strength(value).level(ACR_LOA_MAP)).isEmpty();
    }

    @Test
    void defaultsApplyToEveryoneWhateverTheRiskAndAreEnforced() {
        StrengthRule.Settings config = StrengthRule.Settings.parse(Map.of());

        assertThat(config.appliesTo().everyone()).isTrue();
        assertThat(config.minimumRisk()).isEmpty();
        assertThat(config.reportOnly()).isFalse();
    }

    @Test
    void readsGroupsRolesAppsAndRisk() {
        StrengthRule.Settings config = StrengthRule.Settings.parse(Map.of(
                "zt.applies-to.groups", "admins##/it/helpdesk", "zt.applies-to.roles", "realm-admin",
                "zt.applies-to.clients", "hr-portal", StrengthRule.Settings.MINIMUM_RISK, "medium"));

        assertThat(config.appliesTo().groups()).containsExactly("admins", "/it/helpdesk");
        assertThat(config.appliesTo().roles()).containsExactly("realm-admin");
        assertThat(config.appliesTo().clients()).containsExactly("hr-portal");
        assertThat(config.appliesTo().needsUser()).isTrue();
        assertThat(config.minimumRisk()).contains(RiskLevel.MEDIUM);
    }

    @Test
    void anAppOnlyRuleDoesNotNeedTheUser() {
        StrengthRule.Settings config = StrengthRule.Settings.parse(Map.of("zt.applies-to.clients", "hr-portal"));

        assertThat(config.appliesTo().needsUser()).isFalse();
        assertThat(config.appliesTo().everyone()).isFalse();
    }

    @Test
    void anUnreadableRiskMeansAnyRisk() {
        assertThat(StrengthRule.Settings.parse(Map.of(StrengthRule.Settings.MINIMUM_RISK, "extreme")).minimumRisk()).isEmpty();
    }

    static Verdict judge(SignIn signIn, Map<String, String> config) {
        return StrengthRule.judge(signIn.withAssurance(Facts.acr()), StrengthRule.Settings.parse(config));
    }

    static final Map<String, String> ADMINS_NEED_PHR = Map.of(StrengthRule.Settings.STRENGTH, "phr", "zt.applies-to.groups", "admins");

    @Test
    void anAdminIsSteppedUpToTheLevelOfTheStrength() {
        SignIn admin = Facts.anywhere().withWho(java.util.Optional.of(Facts.user(java.util.Set.of("admins"), java.util.Set.of(), java.util.Set.of())));
        Verdict verdict = judge(admin, ADMINS_NEED_PHR);
        assertThat(verdict.action()).contains(new Action.StepUp(3, "phr"));
        assertThat(verdict.detail()).isEqualTo("requires phr (level 3) for group admins");
    }

    @Test
    void someoneElsePasses() {
        assertThat(judge(Facts.anywhere().withWho(java.util.Optional.of(Facts.alice())), ADMINS_NEED_PHR).applies()).isFalse();
    }

    @Test
    void beforeTheUsernameStepAGroupRuleWaitsForTheStepAfterIt() {
        Verdict verdict = judge(Facts.anywhere(), ADMINS_NEED_PHR);
        assertThat(verdict.applies()).isFalse();
        assertThat(verdict.reason()).isEqualTo(Reason.USER_NOT_KNOWN_YET);
        assertThat(verdict.misconfigured()).isFalse();
    }

    @Test
    void anUnknownStrengthRefusesAsAMisconfiguration() {
        Verdict verdict = judge(Facts.anywhere(), Map.of(StrengthRule.Settings.STRENGTH, "gold"));
        assertThat(verdict.misconfigured()).isTrue();
        assertThat(verdict.action()).contains(new Action.Deny("ztDeniedGeneric", java.util.List.of()));
    }

    @Test
    void aRiskRuleAppliesFromItsLevelAndWithoutAnAssessment() {
        Map<String, String> atMedium = Map.of(StrengthRule.Settings.STRENGTH, "mfa", StrengthRule.Settings.MINIMUM_RISK, "medium");
        SignIn user = Facts.anywhere().withWho(java.util.Optional.of(Facts.alice()));
        assertThat(judge(user.withAssessment(java.util.Optional.of(Facts.assessed(10, RiskLevel.LOW))), atMedium).applies()).isFalse();
        assertThat(judge(user.withAssessment(java.util.Optional.of(Facts.assessed(40, RiskLevel.MEDIUM))), atMedium).detail())
                .isEqualTo("requires mfa (level 2) for everyone, risk medium");
        assertThat(judge(user, atMedium).detail()).isEqualTo("requires mfa (level 2) for everyone, risk not assessed");
    }
}
