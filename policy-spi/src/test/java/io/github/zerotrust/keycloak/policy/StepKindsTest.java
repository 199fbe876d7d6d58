package io.github.zerotrust.keycloak.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StepKindsTest {

    @ParameterizedTest
    @ValueSource(strings = {"zt-condition-country", "zt-condition-network-zone", "zt-condition-risk-level",
            "zt-condition-device-compliant", "zt-condition-device-managed", "zt-condition-applies-to", "zt-require-strength",
            "zt-require-mfa", "zt-restrict-unmanaged", "zt-deny-access", "zt-enrolment-guard", "zt-block-password-grant",
            "zt-device-remediation"})
    void everyDecidingStepOfDocsIdsIsInTheRegistry(String providerId) {
        assertThat(StepKinds.byId(providerId)).hasValueSatisfying(k -> assertThat(k.providerId()).isEqualTo(providerId));
    }

    @Test
    void stepsThatOnlyGatherFactsOrAreKeycloaksOwnAreNot() {
        assertThat(StepKinds.byId("zt-risk-assessment")).isEmpty();
        assertThat(StepKinds.byId("zt-device-posture")).isEmpty();
        assertThat(StepKinds.byId("auth-otp-form")).isEmpty();
        assertThat(StepKinds.byId(null)).isEmpty();
    }

    @Test
    void reportOnlyIsAppliedOnceForEveryKindThatHasIt() {
        SignIn fromKp = Facts.from("KP");
        Decision acting = StepKinds.COUNTRY.decide(fromKp, "a", Map.of("countries", "KP"));
        Decision reported = StepKinds.COUNTRY.decide(fromKp, "b", Map.of("countries", "KP", "report_only", "true"));
        assertThat(acting.acts()).isTrue();
        assertThat(reported.verdict()).isEqualTo(acting.verdict());
        assertThat(reported.acts()).isFalse();
        assertThat(reported.onlyReported()).isTrue();

        SignIn admin = Facts.anywhere().withAssurance(Facts.acr())
                .withWho(Optional.of(Facts.user(java.util.Set.of("admins"), java.util.Set.of(), java.util.Set.of())));
        Decision strength = StepKinds.REQUIRE_STRENGTH.decide(admin, "c",
                Map.of("zt.strength.level", "mfa", "zt.strength.report-only", "true"));
        assertThat(strength.verdict().applies()).isTrue();
        assertThat(strength.acts()).isFalse();
    }

    @Test
    void aRuleWithoutAnAliasIsNamedLikeTheAdminConsoleNamesIt() {
        assertThat(StepKinds.COUNTRY.ruleName(null)).isEqualTo("Condition - country (Zero Trust)");
        assertThat(StepKinds.DENY.ruleName(null)).isEqualTo("zt-deny-access");
        assertThat(StepKinds.DENY.ruleName("deny-high-risk")).isEqualTo("deny-high-risk");
    }

    @Test
    void settingsAreParsedAgainOnlyWhenTheyChange() {
        RiskLevelRule.Settings first = StepKinds.RISK_LEVEL.settings("same-id", Map.of("level", "medium"));
        assertThat(StepKinds.RISK_LEVEL.settings("same-id", Map.of("level", "medium"))).isSameAs(first);
        assertThat(StepKinds.RISK_LEVEL.settings("same-id", Map.of("level", "high")).level()).isNotEqualTo(first.level());
    }
}
