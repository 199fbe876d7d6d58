package io.github.zerotrust.keycloak.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ZeroTrustSettingsTest {

    @Test
    void settingsAreTheAdminsKeysNotSecretsNorState() {
        assertThat(ZeroTrustSettings.isSetting("zt.risk.threshold.high")).isTrue();
        assertThat(ZeroTrustSettings.isSetting("zt.device.token.issuer")).isTrue();
        assertThat(ZeroTrustSettings.isSetting("zt.alert.webhook-secret")).isFalse();
        assertThat(ZeroTrustSettings.isSetting("zt.device.mdm.token")).isFalse();
        assertThat(ZeroTrustSettings.isSetting("zt.break-glass.accounts")).isFalse();
        assertThat(ZeroTrustSettings.isSetting("zt.assessment.history")).isFalse();
        assertThat(ZeroTrustSettings.isSetting("zt.ssf.transmitter.acme")).isFalse();
        assertThat(ZeroTrustSettings.isSetting("zt.risk.")).isFalse();
        assertThat(ZeroTrustSettings.isSetting("frontendUrl")).isFalse();
    }

    @Test
    void listsEveryBadSettingWithItsPath() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("zt.risk.threshold.high", "70");
        settings.put("zt.alert.webhook-secret", "s3cret");
        settings.put("frontendUrl", "https://evil.example");
        settings.put("zt.alert.level", 3);
        settings.put("zt.device.grace-minutes", " ");
        settings.put("zt.fido.policy", "x".repeat(ZeroTrustSettings.MAX_VALUE_LENGTH + 1));

        assertThat(ZeroTrustSettings.problems(settings)).hasSize(5).allSatisfy(p -> assertThat(p).startsWith("$.settings['"))
                .anySatisfy(p -> assertThat(p).startsWith("$.settings['zt.alert.webhook-secret']: a secret"))
                .anySatisfy(p -> assertThat(p).startsWith("$.settings['frontendUrl']: not a zero-trust setting"))
                .anySatisfy(p -> assertThat(p).startsWith("$.settings['zt.alert.level']: must be a string"))
                .anySatisfy(p -> assertThat(p).startsWith("$.settings['zt.device.grace-minutes']: must not be blank"))
                .anySatisfy(p -> assertThat(p).startsWith("$.settings['zt.fido.policy']: longer than"));
        assertThat(ZeroTrustSettings.problems(Map.of("zt.risk.threshold.high", "70"))).isEmpty();
    }
}
