package io.github.zerotrust.keycloak.signals;

import static io.github.zerotrust.keycloak.signals.Action.DISABLE_USER;
import static io.github.zerotrust.keycloak.signals.Action.END_DEVICE_SESSIONS;
import static io.github.zerotrust.keycloak.signals.Action.END_OFFLINE_SESSIONS;
import static io.github.zerotrust.keycloak.signals.Action.END_OTHER_SESSIONS;
import static io.github.zerotrust.keycloak.signals.Action.END_SESSION;
import static io.github.zerotrust.keycloak.signals.Action.END_USER_SESSIONS;
import static io.github.zerotrust.keycloak.signals.Action.REQUIRE_FACTOR_REREGISTRATION;
import static io.github.zerotrust.keycloak.signals.Action.REQUIRE_PASSWORD_RESET;
import static io.github.zerotrust.keycloak.signals.Action.RETIRE_DEVICE;
import static io.github.zerotrust.keycloak.signals.Action.REVOKE_CLIENT_TOKENS;
import static io.github.zerotrust.keycloak.signals.Action.REVOKE_USER_TOKENS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RevocationsTest {

    private static final SignalSettings DEFAULTS = SignalSettings.defaults();

    private static Plan plan(Trigger trigger, Subject subject) {
        return Revocations.plan(new Signal(trigger, subject, Signal.KEYCLOAK), DEFAULTS, false);
    }

    @Test
    void aDisabledAccountIsDisabledFirstThenLosesEverySessionOnlineAndOfflineAndEveryToken() {
        assertThat(plan(Trigger.USER_DISABLED, Subject.user("u")).actions())
                .containsExactly(DISABLE_USER, END_USER_SESSIONS, END_OFFLINE_SESSIONS, REVOKE_USER_TOKENS);
    }

    @Test
    void aPasswordChangeKeepsTheSessionItWasMadeInAndEndsEveryOther() {
        Plan plan = plan(Trigger.PASSWORD_CHANGED, Subject.session("u", "s1"));
        assertThat(plan.actions()).containsExactly(END_OTHER_SESSIONS, END_OFFLINE_SESSIONS);
        assertThat(plan.signal().subject().session()).contains("s1");
    }

    @Test
    void aSessionRevokedSignalNamingOneSessionEndsThatSessionOnly() {
        assertThat(plan(Trigger.SESSION_REVOKED, Subject.session("u", "s1")).actions()).containsExactly(END_SESSION);
        assertThat(plan(Trigger.SESSION_REVOKED, Subject.user("u")).actions())
                .containsExactly(END_USER_SESSIONS, END_OFFLINE_SESSIONS, REVOKE_USER_TOKENS);
    }

    @Test
    void compromisedCredentialsStopWorkingAndEverySessionEnds() {
        assertThat(plan(Trigger.CREDENTIAL_COMPROMISE, Subject.user("u")).actions())
                .containsExactly(REQUIRE_PASSWORD_RESET, END_USER_SESSIONS, END_OFFLINE_SESSIONS, REVOKE_USER_TOKENS);
    }

    @Test
    void aDeviceSignalReachesOnlyTheDevicesSessions() {
        assertThat(plan(Trigger.DEVICE_NON_COMPLIANT, Subject.device("u", "d")).actions()).containsExactly(END_DEVICE_SESSIONS);
        assertThat(plan(Trigger.CONTAIN_DEVICE, Subject.device(null, "d")).actions())
                .containsExactly(RETIRE_DEVICE, END_DEVICE_SESSIONS);
        assertThat(plan(Trigger.DEVICE_RETIRED, Subject.user("u")).isEmpty()).isTrue();
        assertThat(plan(Trigger.DEVICE_REMOVED, Subject.device("u", "d")).actions()).containsExactly(END_DEVICE_SESSIONS);
        assertThat(plan(Trigger.DEVICE_REMOVED, Subject.user("u")).isEmpty()).isTrue();
    }

    @Test
    void aUserSignalWithoutAUserDoesNothingAndSaysWhy() {
        Plan plan = plan(Trigger.RISK_HIGH, Subject.client("app"));
        assertThat(plan.isEmpty()).isTrue();
        assertThat(plan.whyNone()).isEqualTo("no user named");
    }

    @Test
    void aNewFactorEndsOtherSessionsOfPrivilegedAccountsOnlyByDefault() {
        Signal signal = new Signal(Trigger.FACTOR_REGISTERED, Subject.session("u", "s"), Signal.KEYCLOAK);
        assertThat(Revocations.plan(signal, DEFAULTS, true).actions()).containsExactly(END_OTHER_SESSIONS, END_OFFLINE_SESSIONS);
        assertThat(Revocations.plan(signal, DEFAULTS, false).isEmpty()).isTrue();
        SignalSettings everyone = SignalSettings.parse(Map.of(SignalSettings.NEW_FACTOR, "everyone"));
        assertThat(Revocations.plan(signal, everyone, false).actions()).containsExactly(END_OTHER_SESSIONS, END_OFFLINE_SESSIONS);
        SignalSettings nobody = SignalSettings.parse(Map.of(SignalSettings.NEW_FACTOR, "Nobody"));
        assertThat(Revocations.plan(signal, nobody, true).isEmpty()).isTrue();
    }

    @Test
    void anEndedElevationEndsNoSessionBecauseItsTokensAreAlreadyCapped() {
        Plan plan = plan(Trigger.ELEVATION_ENDED, Subject.user("u"));
        assertThat(plan.isEmpty()).isTrue();
        assertThat(plan.whyNone()).contains("capped");
    }

    @Test
    void aContainedUserLosesEverythingAndOnlyWhatWasAskedBeyond() {
        Signal signal = new Signal(Trigger.CONTAIN_USER, Subject.user("u"), Signal.ADMIN);
        assertThat(Revocations.containUser(signal, new Revocations.Containment(true, true, true)).actions())
                .containsExactly(DISABLE_USER, REQUIRE_PASSWORD_RESET, REQUIRE_FACTOR_REREGISTRATION,
                        END_USER_SESSIONS, END_OFFLINE_SESSIONS, REVOKE_USER_TOKENS);
        assertThat(Revocations.containUser(signal, new Revocations.Containment(false, false, false)).actions())
                .containsExactly(END_USER_SESSIONS, END_OFFLINE_SESSIONS, REVOKE_USER_TOKENS);
        assertThatThrownBy(() -> Revocations.containUser(new Signal(Trigger.RISK_HIGH, Subject.user("u"), Signal.ADMIN),
                new Revocations.Containment(false, false, false))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aContainedClientHasItsTokensRevoked() {
        assertThat(plan(Trigger.CONTAIN_CLIENT, Subject.client("app")).actions()).containsExactly(REVOKE_CLIENT_TOKENS);
    }

    @Test
    void aTriggerTurnedOffIsRecordedAndDoesNothing() {
        SignalSettings settings = SignalSettings.parse(Map.of(SignalSettings.OFF, "password-changed, credential-removed"));
        Plan plan = Revocations.plan(new Signal(Trigger.PASSWORD_CHANGED, Subject.user("u"), Signal.KEYCLOAK), settings, false);
        assertThat(plan.isEmpty()).isTrue();
        assertThat(plan.whyNone()).contains(SignalSettings.OFF);
        assertThat(settings.problems()).isEmpty();
    }

    @Test
    void containmentCannotBeTurnedOffAndUnknownTriggersAreReported() {
        SignalSettings settings = SignalSettings.parse(Map.of(SignalSettings.OFF, "contain-user,no-such-thing",
                SignalSettings.NEW_FACTOR, "sometimes"));
        assertThat(settings.off()).isEmpty();
        assertThat(settings.newFactorEndsSessions()).isEqualTo(SignalSettings.NewFactor.PRIVILEGED);
        assertThat(settings.problems()).hasSize(3);
        assertThat(String.join("\n", settings.problems())).contains("contain-user cannot be turned off", "no-such-thing", "sometimes");
        assertThat(plan(Trigger.CONTAIN_USER, Subject.user("u")).isEmpty()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Trigger.class)
    void everyTriggerIdReadsBackAndEveryPlanIsOrderedAndUnique(Trigger trigger) {
        assertThat(Trigger.parse(trigger.id())).contains(trigger);
        Subject everything = new Subject("u", "s", "d", "c");
        Plan plan = Revocations.plan(new Signal(trigger, everything, Signal.fromTransmitter("https://idp.example")), DEFAULTS, true);
        assertThat(plan.actions()).isSorted().doesNotHaveDuplicates();
        assertThat(plan.isEmpty() == (plan.whyNone() != null)).isTrue();
        assertThat(plan.signal().sourceKind()).isEqualTo("ssf");
    }

    @Test
    void subjectsNeedTheirIdsAndNameTheirNarrowestPart() {
        assertThatThrownBy(() -> Subject.user(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Signal(Trigger.RISK_HIGH, Subject.user("u"), "")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Subject.session("u", "s").kind()).isEqualTo("session");
        assertThat(Subject.device("u", "d").kind()).isEqualTo("device");
        assertThat(Subject.client("c").kind()).isEqualTo("client");
        assertThat(Subject.user("u").kind()).isEqualTo("user");
    }
}
