package io.github.zerotrust.keycloak.elevation;

import static io.github.zerotrust.keycloak.elevation.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Who may ask and answer, and what a session's step-up is worth. */
class SessionProofTest {

    static final Duration FIFTEEN = Duration.ofMinutes(15);
    static final Instant SESSION_START = NOW.minus(Duration.ofHours(2));

    static SessionProof proof(boolean impersonated, boolean restricted, boolean clientAllowed, Instant mfaAt,
                              Optional<Instant> newestFactor) {
        return new SessionProof(impersonated, restricted, clientAllowed,
                List.of(new RecentAuthentication(Strength.MFA, mfaAt)), Optional.of(SESSION_START), newestFactor);
    }

    static SessionProof fresh() {
        return proof(false, false, true, NOW.minusSeconds(60), Optional.of(SESSION_START.minus(Duration.ofDays(30))));
    }

    @Test
    void anImpersonatedSessionNeitherAsksNorAnswers() {
        SessionProof impersonated = proof(true, false, true, NOW, Optional.empty());

        assertThat(impersonated.mayAsk()).contains(Refusal.IMPERSONATED);
        assertThat(impersonated.mayAnswer()).contains(Refusal.IMPERSONATED);
    }

    @Test
    void aTokenOfAnAppOutsideTheListNeitherAsksNorAnswers() {
        SessionProof otherApp = proof(false, false, false, NOW, Optional.empty());

        assertThat(otherApp.mayAsk()).contains(Refusal.CLIENT_NOT_ALLOWED);
        assertThat(otherApp.mayAnswer()).contains(Refusal.CLIENT_NOT_ALLOWED);
        assertThat(fresh().mayAsk()).isEmpty();
    }

    @Test
    void aRestrictedSessionDoesNotAnswerEvenWithAFreshFactor() {
        SessionProof restricted = proof(false, true, true, NOW.minusSeconds(60), Optional.empty());

        assertThat(restricted.answerStepUp(Strength.MFA, FIFTEEN, NOW)).contains(Refusal.RESTRICTED_SESSION);
        assertThat(restricted.answerStepUp(Strength.NONE, FIFTEEN, NOW)).contains(Refusal.RESTRICTED_SESSION);
        assertThat(fresh().answerStepUp(Strength.MFA, FIFTEEN, NOW)).isEmpty();
    }

    @Test
    void aFactorSetUpInThisSessionNeverVouchesForIt() {
        SessionProof setUpNow = proof(false, false, true, NOW.minusSeconds(30), Optional.of(NOW.minusSeconds(60)));
        SessionProof setUpAtTheStart = proof(false, false, true, NOW.minusSeconds(30), Optional.of(SESSION_START));
        SessionProof unknownStart = new SessionProof(false, false, true, List.of(new RecentAuthentication(Strength.MFA, NOW)),
                Optional.empty(), Optional.of(SESSION_START.minus(Duration.ofDays(1))));

        assertThat(setUpNow.stepUp(Strength.MFA, FIFTEEN, NOW)).contains(Refusal.NEW_FACTOR_IN_SESSION);
        assertThat(setUpAtTheStart.stepUp(Strength.MFA, FIFTEEN, NOW)).as("the same second counts as this session")
                .contains(Refusal.NEW_FACTOR_IN_SESSION);
        assertThat(unknownStart.stepUp(Strength.MFA, FIFTEEN, NOW)).as("fails closed").contains(Refusal.NEW_FACTOR_IN_SESSION);
        assertThat(fresh().stepUp(Strength.MFA, FIFTEEN, NOW)).as("a factor from before the session").isEmpty();
        assertThat(setUpNow.stepUp(Strength.NONE, FIFTEEN, NOW)).as("no step-up asked, nothing to vouch for").isEmpty();
    }

    @Test
    void aStaleOrWeakerAuthenticationIsAStepUpRequired() {
        SessionProof stale = proof(false, false, true, NOW.minus(FIFTEEN).minusSeconds(1), Optional.empty());

        assertThat(stale.stepUp(Strength.MFA, FIFTEEN, NOW)).contains(Refusal.STEP_UP_REQUIRED);
        assertThat(fresh().stepUp(Strength.PHISHING_RESISTANT, FIFTEEN, NOW)).contains(Refusal.STEP_UP_REQUIRED);
        assertThat(SessionProof.of(List.of()).stepUp(Strength.MFA, FIFTEEN, NOW)).contains(Refusal.STEP_UP_REQUIRED);
    }

    @Test
    void aLevelOfAuthenticationTimedInTheFutureIsNotFresh() {
        RecentAuthentication skewed = new RecentAuthentication(Strength.MFA, NOW.plus(RecentAuthentication.CLOCK_SKEW));
        RecentAuthentication future = new RecentAuthentication(Strength.MFA, NOW.plus(RecentAuthentication.CLOCK_SKEW).plusSeconds(1));
        RecentAuthentication farFuture = new RecentAuthentication(Strength.MFA, NOW.plus(Duration.ofDays(3650)));

        assertThat(skewed.meets(Strength.MFA, FIFTEEN, NOW)).as("another node's clock, a little ahead").isTrue();
        assertThat(future.meets(Strength.MFA, FIFTEEN, NOW)).isFalse();
        assertThat(farFuture.meets(Strength.MFA, FIFTEEN, NOW)).as("never fresh for ever").isFalse();
        assertThat(farFuture.meets(Strength.MFA, FIFTEEN, NOW.plus(Duration.ofDays(3650)))).as("until its time comes").isTrue();
    }

    @Test
    void theActivationPolicyRefusesWhoMayNotAskBeforeSayingAnythingAboutTheRole() {
        ActivationPolicy policy = new ActivationPolicy(ElevationSettings.defaults());
        Eligibility eligibility = Fixtures.aliceMayAdminister().build();

        Activation impersonated = policy.decide(List.of(eligibility), Fixtures.ALICE_AS_ADMIN,
                Fixtures.ask(Duration.ofMinutes(30)), proof(true, false, true, NOW, Optional.empty()), NOW);
        Activation unknownRole = policy.decide(List.of(), Fixtures.ALICE_AS_ADMIN, Fixtures.ask(Duration.ofMinutes(30)),
                proof(false, false, false, NOW, Optional.empty()), NOW);
        Activation newFactor = policy.decide(List.of(eligibility), Fixtures.ALICE_AS_ADMIN, Fixtures.ask(Duration.ofMinutes(30)),
                proof(false, false, true, NOW, Optional.of(NOW.minusSeconds(5))), NOW);

        assertThat(impersonated.refusal()).contains(Refusal.IMPERSONATED);
        assertThat(unknownRole.refusal()).as("not not-eligible: nothing said about roles").contains(Refusal.CLIENT_NOT_ALLOWED);
        assertThat(newFactor.refusal()).contains(Refusal.NEW_FACTOR_IN_SESSION);
        assertThat(policy.decide(List.of(eligibility), Fixtures.ALICE_AS_ADMIN, Fixtures.ask(Duration.ofMinutes(30)), fresh(), NOW)
                .isGranted()).isTrue();
    }
}
