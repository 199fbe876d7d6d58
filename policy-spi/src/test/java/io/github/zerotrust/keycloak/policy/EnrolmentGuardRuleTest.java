package io.github.zerotrust.keycloak.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.zerotrust.keycloak.risk.RiskLevel;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EnrolmentGuardRuleTest {

    static final Action REFUSE = new Action.Deny("ztEnrolmentRefused", List.of());

    static Verdict judge(Who who, Optional<RiskLevel> risk) {
        SignIn signIn = Facts.anywhere().withWho(Optional.of(who)).withAssessment(risk.map(l -> Facts.assessed(l == RiskLevel.LOW ? 10 : 40, l)));
        return EnrolmentGuardRule.judge(signIn, EnrolmentGuardRule.Settings.parse(Map.of()));
    }

    @Test
    void aUserWithASecondFactorPassesWhateverTheRisk() {
        assertThat(judge(Facts.user(Set.of(), Set.of(), Set.of("otp")), Optional.of(RiskLevel.HIGH)).applies()).isFalse();
    }

    @Test
    void aUserWhoWouldEnrolUnderMediumRiskIsRefused() {
        Verdict verdict = judge(Facts.alice(), Optional.of(RiskLevel.MEDIUM));
        assertThat(verdict.action()).contains(REFUSE);
        assertThat(verdict.detail()).isEqualTo("risk medium (40: new-device): no new sign-in method may be set up");
    }

    @Test
    void lowRiskMayEnrol() {
        assertThat(judge(Facts.alice(), Optional.of(RiskLevel.LOW)).applies()).isFalse();
    }

    @Test
    void recoveryCodesAloneDoNotCountAsEnrolled() {
        assertThat(judge(Facts.user(Set.of(), Set.of(), Set.of("recovery-authn-code")), Optional.of(RiskLevel.MEDIUM)).action()).contains(REFUSE);
    }

    @Test
    void withoutAnAssessmentItRefusesAsAMisconfiguration() {
        Verdict verdict = judge(Facts.alice(), Optional.empty());
        assertThat(verdict.action()).contains(REFUSE);
        assertThat(verdict.reason()).isEqualTo(Reason.NO_ASSESSMENT);
    }
}
