package io.github.zerotrust.keycloak.authn.mfa;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.zerotrust.keycloak.risk.RiskLevel;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequireStrengthConfigTest {

    static final Map<String, Integer> ACR_LOA_MAP = Map.of("mfa", 2, "phr", 3);

    static RequireStrengthConfig strength(String value) {
        return RequireStrengthConfig.parse(Map.of(RequireStrengthConfig.STRENGTH, value));
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
        RequireStrengthConfig config = RequireStrengthConfig.parse(Map.of());

        assertThat(config.appliesTo().everyone()).isTrue();
        assertThat(config.minimumRisk()).isEmpty();
        assertThat(config.reportOnly()).isFalse();
    }

    @Test
    void readsGroupsRolesAppsAndRisk() {
        RequireStrengthConfig config = RequireStrengthConfig.parse(Map.of(
                "zt.applies-to.groups", "admins##/it/helpdesk", "zt.applies-to.roles", "realm-admin",
                "zt.applies-to.clients", "hr-portal", RequireStrengthConfig.MINIMUM_RISK, "medium"));

        assertThat(config.appliesTo().groups()).containsExactly("admins", "/it/helpdesk");
        assertThat(config.appliesTo().roles()).containsExactly("realm-admin");
        assertThat(config.appliesTo().clients()).containsExactly("hr-portal");
        assertThat(config.appliesTo().needsUser()).isTrue();
        assertThat(config.minimumRisk()).contains(RiskLevel.MEDIUM);
    }

    @Test
    void anAppOnlyRuleDoesNotNeedTheUser() {
        RequireStrengthConfig config = RequireStrengthConfig.parse(Map.of("zt.applies-to.clients", "hr-portal"));

        assertThat(config.appliesTo().needsUser()).isFalse();
        assertThat(config.appliesTo().everyone()).isFalse();
    }

    @Test
    void anUnreadableRiskMeansAnyRisk() {
        assertThat(RequireStrengthConfig.parse(Map.of(RequireStrengthConfig.MINIMUM_RISK, "extreme")).minimumRisk()).isEmpty();
    }
}
