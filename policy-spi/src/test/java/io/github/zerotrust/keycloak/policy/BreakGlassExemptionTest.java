package io.github.zerotrust.keycloak.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.zerotrust.keycloak.risk.RiskLevel;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class BreakGlassExemptionTest {

    static Stream<StepKind<?>> everyKind() {
        return StepKinds.ALL.stream();
    }

    private static Who breakGlass(Who who) {
        return new Who(who.id(), who.username(), who.memberships(), who.credentialTypes(), who.pendingActions(),
                who.mfaGraceStarted(), true);
    }

    /** The worst sign-in the rules know: a listed country, high risk, a device that fails, no second factor. */
    private static SignIn worst(Who who) {
        return Facts.from("KP").withWho(Optional.of(who)).withAssessment(Optional.of(Facts.assessed(90, RiskLevel.HIGH)))
                .withDevice(Optional.of(Facts.device(DeviceFinding.Status.NON_COMPLIANT,
                        io.github.zerotrust.keycloak.device.DeviceTrust.UNMANAGED)))
                .withAssurance(Facts.acr())
                .withMatched(java.util.List.of(new MatchedRule("from-kp", "country KP", RuleKind.COUNTRY)));
    }

    @ParameterizedTest
    @MethodSource("everyKind")
    void everyStepLetsABreakGlassAccountThroughAndSaysWhy(StepKind<?> kind) {
        Who alice = Facts.user(Set.of("admins"), Set.of("admin"), Set.of());
        for (Map<String, String> config : java.util.List.of(Map.<String, String>of(), Map.of("countries", "KP", "level", "low",
                "zt.strength.level", "mfa", "zt.applies-to.groups", "admins", "grace_days", "0"))) {
            Decision decision = kind.decide(worst(breakGlass(alice)), "exempt-" + config.size(), config);
            assertThat(decision.verdict().applies()).as("%s with %s", kind, config).isFalse();
            assertThat(decision.acts()).isFalse();
            assertThat(decision.onlyReported()).isFalse();
            assertThat(decision.state()).isEqualTo(Decision.State.NO_MATCH);
            assertThat(decision.verdict().reason()).isEqualTo(Reason.BREAK_GLASS);
            assertThat(decision.verdict().reason().id()).isEqualTo("break-glass");
            assertThat(decision.verdict().detail()).contains("break-glass account");
        }
    }

    @Test
    void theDenyStepRefusesAnOrdinaryAccountAndLetsTheBreakGlassOneThrough() {
        Who alice = Facts.alice();
        assertThat(StepKinds.DENY.decide(worst(alice), "deny", Map.of()).acts()).isTrue();
        assertThat(StepKinds.DENY.decide(worst(breakGlass(alice)), "deny", Map.of()).acts()).isFalse();
    }

    @Test
    void aConditionMatchesForAnOrdinaryAccountAndNotForTheBreakGlassOne() {
        Who alice = Facts.alice();
        Map<String, String> kp = Map.of("countries", "KP");
        Decision ordinary = StepKinds.COUNTRY.decide(worst(alice), "kp", kp);
        assertThat(ordinary.state()).isEqualTo(Decision.State.MATCHES);
        assertThat(StepKinds.COUNTRY.decide(worst(breakGlass(alice)), "kp", kp).state()).isEqualTo(Decision.State.NO_MATCH);
    }

    @Test
    void aMisconfiguredRuleFailsClosedForOthersButNotForTheBreakGlassAccount() {
        Map<String, String> broken = Map.of("zt.strength.level", "no-such-level");
        Decision ordinary = StepKinds.REQUIRE_STRENGTH.decide(worst(Facts.alice()), "broken", broken);
        assertThat(ordinary.verdict().misconfigured()).isTrue();
        Decision exempt = StepKinds.REQUIRE_STRENGTH.decide(worst(breakGlass(Facts.alice())), "broken", broken);
        assertThat(exempt.verdict().misconfigured()).isFalse();
        assertThat(exempt.acts()).isFalse();
    }

    @Test
    void aSignInWhoseUserIsNotKnownYetIsJudgedAsEveryOther() {
        Decision decision = StepKinds.COUNTRY.decide(Facts.from("KP"), "kp", Map.of("countries", "KP"));
        assertThat(decision.verdict().reason()).isEqualTo(Reason.COUNTRY_LISTED);
        assertThat(decision.acts()).isTrue();
    }

    @Test
    void anOrdinaryAccountIsNotBreakGlass() {
        assertThat(Facts.alice().breakGlass()).isFalse();
        assertThat(breakGlass(Facts.alice()).withMfaGraceStarted(Optional.of(Facts.NOW)).breakGlass()).isTrue();
    }
}
