package io.github.zerotrust.keycloak.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.zerotrust.keycloak.broker.Upstream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The rules' answers for a sign-in through an identity provider: the upstream is one more fact. */
class BrokeredSignInTest {

    static SignIn through(Optional<String> trusted) {
        return Facts.anywhere().withWho(Optional.of(Facts.alice())).withAssurance(Facts.acr())
                .withUpstream(Optional.of(new Upstream("partner", Optional.of("urn:partner:mfa"), List.of(), trusted,
                        trusted.isPresent() ? "acr urn:partner:mfa is mapped to " + trusted.get() : "trust of the provider's MFA is off")));
    }

    @Test
    void trustedUpstreamMfaCountsAsTheSecondFactor() {
        Verdict verdict = MfaRule.judge(through(Optional.of("mfa")), MfaRule.Settings.parse(Map.of()));
        assertThat(verdict.applies()).isFalse();
        assertThat(verdict.reason()).isEqualTo(Reason.UPSTREAM_TRUSTED);
        assertThat(verdict.detail()).isEqualTo("MFA done at identity provider partner (acr urn:partner:mfa is mapped to mfa)");
    }

    @Test
    void untrustedUpstreamMfaLeavesTheRealmAskingForItsOwnFactor() {
        Verdict verdict = MfaRule.judge(through(Optional.empty()), MfaRule.Settings.parse(Map.of()));
        assertThat(verdict.action()).contains(new Action.OfferEnrolment(7));
    }

    @Test
    void trustedUpstreamStrengthMeetsAStrengthRuleAtOrBelowIt() {
        StrengthRule.Settings mfa = StrengthRule.Settings.parse(Map.of(StrengthRule.Settings.STRENGTH, "mfa"));
        StrengthRule.Settings phr = StrengthRule.Settings.parse(Map.of(StrengthRule.Settings.STRENGTH, "phr"));
        assertThat(StrengthRule.judge(through(Optional.of("mfa")), mfa).reason()).isEqualTo(Reason.UPSTREAM_TRUSTED);
        assertThat(StrengthRule.judge(through(Optional.of("phr")), mfa).reason()).isEqualTo(Reason.UPSTREAM_TRUSTED);
        assertThat(StrengthRule.judge(through(Optional.of("mfa")), phr).action()).contains(new Action.StepUp(3, "phr"));
        assertThat(StrengthRule.judge(through(Optional.empty()), mfa).action()).contains(new Action.StepUp(2, "mfa"));
    }

    @Test
    void aTrustedStrengthTheRealmDoesNotNameMeetsNothing() {
        SignIn noMfaLevel = through(Optional.of("mfa")).withAssurance(new Assurance(Assurance.NONE, Map.of("gold", 2)));
        StrengthRule.Settings gold = StrengthRule.Settings.parse(Map.of(StrengthRule.Settings.STRENGTH, "gold"));
        assertThat(StrengthRule.judge(noMfaLevel, gold).action()).contains(new Action.StepUp(2, "gold"));
    }

    @Test
    void appliesToNamesIdentityProviders() {
        Map<String, String> partner = Map.of(AppliesTo.IDENTITY_PROVIDERS, "partner");
        Map<String, String> any = Map.of(AppliesTo.IDENTITY_PROVIDERS, "*");
        Map<String, String> other = Map.of(AppliesTo.IDENTITY_PROVIDERS, "other##third");
        assertThat(AppliesToRule.judge(through(Optional.empty()), AppliesToRule.Settings.parse(partner)).detail())
                .contains("identity provider partner");
        assertThat(AppliesToRule.judge(through(Optional.empty()), AppliesToRule.Settings.parse(any)).applies()).isTrue();
        assertThat(AppliesToRule.judge(through(Optional.empty()), AppliesToRule.Settings.parse(other)).applies()).isFalse();
        SignIn local = Facts.anywhere().withWho(Optional.of(Facts.alice()));
        assertThat(AppliesToRule.judge(local, AppliesToRule.Settings.parse(any)).applies()).isFalse();
    }
}
