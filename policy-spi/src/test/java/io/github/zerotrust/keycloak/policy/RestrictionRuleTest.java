package io.github.zerotrust.keycloak.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.zerotrust.keycloak.device.DeviceTrust;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RestrictionRuleTest {

    static final Map<String, String> PAYROLL_REFUSED = Map.of("minimum", "managed", "refused_clients", "payroll");

    static Verdict judge(DeviceTrust trust, String client, List<String> scopes) {
        SignIn signIn = Facts.anywhere().withClient(Optional.of(client)).withRequestedScopes(scopes)
                .withDevice(Optional.of(Facts.device(trust == DeviceTrust.COMPLIANT ? DeviceFinding.Status.COMPLIANT
                        : DeviceFinding.Status.NON_COMPLIANT, trust)));
        return RestrictionRule.judge(signIn, RestrictionRule.Settings.parse(PAYROLL_REFUSED));
    }

    @Test
    void offlineAccessIsAlwaysRefusedToRestrictedSessions() {
        RestrictionRule.Settings config = RestrictionRule.Settings.parse(Map.of("refused_scopes", "payroll", "refused_clients", "hr-app"));
        assertThat(config.refusedScopes()).containsExactlyInAnyOrder("payroll", "offline_access");
        assertThat(config.refusedClients()).containsExactly("hr-app");
        assertThat(config.minimum()).isEqualTo(DeviceTrust.MANAGED);
    }

    @Test
    void aManagedDeviceIsNotRestricted() {
        assertThat(judge(DeviceTrust.MANAGED, "payroll", List.of()).applies()).isFalse();
    }

    @Test
    void anUnmanagedDeviceGetsARestrictedSession() {
        assertThat(judge(DeviceTrust.UNMANAGED, "test-app", List.of("openid")).action()).contains(new Action.Restrict());
    }

    @Test
    void anUnmanagedDeviceIsRefusedTheListedAppAndOfflineAccess() {
        Verdict app = judge(DeviceTrust.UNMANAGED, "payroll", List.of());
        assertThat(app.action()).contains(new Action.Deny("ztDeviceRestricted", List.of()));
        assertThat(app.detail()).isEqualTo("application payroll from a unmanaged device");
        assertThat(judge(DeviceTrust.UNMANAGED, "test-app", List.of("openid", "offline_access")).detail())
                .isEqualTo("scope offline_access from a unmanaged device");
    }

    @Test
    void withoutADeviceStepTheDeviceCountsAsUnmanaged() {
        Verdict verdict = RestrictionRule.judge(Facts.anywhere().withClient(Optional.of("test-app")), RestrictionRule.Settings.parse(Map.of()));
        assertThat(verdict.action()).contains(new Action.Restrict());
    }

    @Test
    void aGuestIsRestrictedEvenFromACompliantDevice() {
        SignIn signIn = Facts.anywhere().withClient(Optional.of("test-app"))
                .withWho(Optional.of(Facts.guest(Optional.of("sponsor-1"), Optional.of(Facts.NOW.plusSeconds(86_400)), true)))
                .withDevice(Optional.of(Facts.device(DeviceFinding.Status.COMPLIANT, DeviceTrust.COMPLIANT)));
        Verdict verdict = RestrictionRule.judge(signIn, RestrictionRule.Settings.parse(Map.of()));
        assertThat(verdict.action()).contains(new Action.Restrict());
        assertThat(verdict.detail()).isEqualTo("restricted session for a guest (devices count as unmanaged)");
    }
}
