package io.github.zerotrust.keycloak.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MfaRuleTest {

    static final Instant START = Instant.parse("2026-11-29T09:00:00Z");
    static final MfaGrace THREE_DAYS = new MfaGrace(START, Duration.ofDays(3));

    @Test
    void countsWholeDaysLeftRoundedUp() {
        assertThat(THREE_DAYS.daysLeft(START)).isEqualTo(3);
        assertThat(THREE_DAYS.daysLeft(START.plusSeconds(1))).isEqualTo(3);
        assertThat(THREE_DAYS.daysLeft(START.plus(Duration.ofDays(1)))).isEqualTo(2);
        assertThat(THREE_DAYS.daysLeft(START.plus(Duration.ofDays(3)).minusSeconds(1))).isEqualTo(1);
    }

    @Test
    void isOverExactlyAtTheEnd() {
        assertThat(THREE_DAYS.isOver(START.plus(Duration.ofDays(3)).minusSeconds(1))).isFalse();
        assertThat(THREE_DAYS.isOver(START.plus(Duration.ofDays(3)))).isTrue();
        assertThat(THREE_DAYS.isOver(START.plus(Duration.ofDays(30)))).isTrue();
    }

    @Test
    void noGraceIsOverAtOnce() {
        assertThat(new MfaGrace(START, Duration.ZERO).isOver(START)).isTrue();
    }

    @Test
    void configDefaultsToSevenDaysOfAuthenticatorAppAndClamps() {
        assertThat(MfaRule.Settings.parse(Map.of())).isEqualTo(new MfaRule.Settings(Duration.ofDays(7), "CONFIGURE_TOTP"));
        assertThat(MfaRule.Settings.parse(Map.of("grace_days", "1000")).grace()).isEqualTo(Duration.ofDays(90));
        assertThat(MfaRule.Settings.parse(Map.of("grace_days", "-4")).grace()).isEqualTo(Duration.ZERO);
        assertThat(MfaRule.Settings.parse(Map.of("grace_days", "soon")).grace()).isEqualTo(Duration.ofDays(7));
        assertThat(MfaRule.Settings.parse(Map.of("setup", "webauthn")).setupAction()).isEqualTo("webauthn-register");
    }

    static Verdict judge(Who who, int graceDays, java.time.Instant now) {
        return MfaRule.judge(Facts.anywhere().withWho(java.util.Optional.of(who)).withClient(java.util.Optional.of("app")),
                MfaRule.Settings.parse(Map.of("grace_days", Integer.toString(graceDays)))).withWarning(java.util.Optional.empty());
    }

    static Who withoutFactorSince(java.time.Instant started) {
        Who alice = Facts.alice();
        return new Who(alice.id(), alice.username(), alice.memberships(), java.util.Set.of(), java.util.Set.of(),
                java.util.Optional.of(started));
    }

    @Test
    void aUserWithASecondFactorPassesOnToTheStepThatAsksForIt() {
        Who withCode = Facts.user(java.util.Set.of(), java.util.Set.of(), java.util.Set.of("recovery-authn-code"));
        assertThat(judge(withCode, 7, START).applies()).isFalse();
        assertThat(judge(withCode, 7, START).reason()).isEqualTo(Reason.HAS_SECOND_FACTOR);
    }

    @Test
    void withinTheGracePeriodEnrolmentIsOfferedWithTheDaysLeft() {
        Verdict verdict = MfaRule.judge(Facts.anywhere().withWho(java.util.Optional.of(withoutFactorSince(START))),
                MfaRule.Settings.parse(Map.of("grace_days", "3")));
        assertThat(verdict.action()).contains(new Action.OfferEnrolment(3));
    }

    @Test
    void aFirstMeetingStartsTheGracePeriodNow() {
        Verdict verdict = MfaRule.judge(Facts.anywhere().withWho(java.util.Optional.of(Facts.alice())), MfaRule.Settings.parse(Map.of()));
        assertThat(verdict.action()).contains(new Action.OfferEnrolment(7));
    }

    @Test
    void afterTheGracePeriodTheSignInIsRefused() {
        SignIn late = SignIn.from(Facts.anywhere().origin(), START.plus(Duration.ofDays(4)))
                .withWho(java.util.Optional.of(withoutFactorSince(START)));
        Verdict verdict = MfaRule.judge(late, MfaRule.Settings.parse(Map.of("grace_days", "3")));
        assertThat(verdict.action()).contains(new Action.Deny("ztMfaGraceOver", java.util.List.of()));
        assertThat(verdict.detail()).isEqualTo("no second factor and the 3-day grace period to set one up is over");
    }
}
