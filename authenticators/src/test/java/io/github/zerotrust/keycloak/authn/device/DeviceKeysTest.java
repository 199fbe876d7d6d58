package io.github.zerotrust.keycloak.authn.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The realm's posture key set (an admin's text) and a device's enrolled key: keys, or IllegalArgumentException. */
class DeviceKeysTest {

    /**
     * Found by PostureTokenFuzzTest (seed key-set-reads-as-null): the text {@code null} read as no set at all and the
     * verifier threw a NullPointerException on every posture token, where an unreadable set is its own refusal.
     */
    @Test
    void aKeySetThatReadsAsNullIsUnreadableNotACrash() {
        assertThatThrownBy(() -> DeviceKeys.parseSet("null")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the key set is not a JWKS");
        assertThatThrownBy(() -> DeviceKeys.parseSet(" null ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aKeySetWithoutUsableKeysHasNoneAndAnEmptySettingIsNoSet() {
        assertThat(DeviceKeys.parseSet("{\"keys\":[{\"kty\":\"oct\",\"k\":\"c2VjcmV0\"},{\"kty\":\"EC\",\"crv\":\"P-256\","
                + "\"x\":\"AA\",\"y\":\"AA\",\"d\":\"AA\"}]}")).isEmpty();
        assertThat(DeviceKeys.parseSet("{}")).isEmpty();
        assertThat(DeviceKeys.parseSet(" ")).isEmpty();
    }

    @Test
    void anEnrolledKeyThatIsNullPrivateOrNotAKeyIsRefused() {
        assertThatThrownBy(() -> DeviceKeys.parsePublic("null")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DeviceKeys.parsePublic("{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"AA\",\"y\":\"AA\",\"d\":\"AA\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("a private key");
        assertThatThrownBy(() -> DeviceKeys.parsePublic("[1]")).isInstanceOf(IllegalArgumentException.class);
    }
}
