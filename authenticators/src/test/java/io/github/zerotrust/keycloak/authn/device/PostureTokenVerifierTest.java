package io.github.zerotrust.keycloak.authn.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.zerotrust.keycloak.spi.DevicePostureUnavailable;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The posture token as read before any key or signature: a refusal for whatever is malformed, never a crash. */
class PostureTokenVerifierTest {

    private static final int MAX_BYTES = 8192;

    static String jws(String header, String claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".c2ln";
    }

    static DevicePostureUnavailable refusal(String token) {
        return catchThrowableOfType(DevicePostureUnavailable.class, () -> PostureTokenVerifier.unverified(token, MAX_BYTES));
    }

    /** Found by PostureTokenFuzzTest (seed header-without-alg): getRawAlgorithm() threw a NullPointerException. */
    @Test
    void aTokenWhoseHeaderHasNoAlgorithmIsRefusedNotACrash() {
        DevicePostureUnavailable refused = refusal(jws("{\"typ\":\"JWT\",\"kid\":\"k1\"}", "{\"sub\":\"device-1\"}"));

        assertThat(refused).isNotNull();
        assertThat(refused.refused()).isTrue();
        assertThat(refused.failOpen()).isFalse();
        assertThat(refused.getMessage()).isEqualTo("posture token algorithm missing is not allowed");
    }

    @Test
    void aTokenWhoseHeaderIsJsonNullIsRefusedNotACrash() {
        DevicePostureUnavailable refused = refusal(jws("null", "{\"sub\":\"device-1\"}"));

        assertThat(refused).isNotNull();
        assertThat(refused.refused()).isTrue();
    }

    @Test
    void noneAndHmacAreRefusedAndAnAllowedAlgorithmIsRead() throws DevicePostureUnavailable {
        assertThat(refusal(jws("{\"alg\":\"none\"}", "{}"))).isNotNull();
        assertThat(refusal(jws("{\"alg\":\"HS256\"}", "{}")).getMessage()).contains("HS256");

        PostureTokenVerifier.Unverified read = PostureTokenVerifier.unverified(jws("{\"alg\":\"ES256\"}", "{\"sub\":\"d\"}"), MAX_BYTES);

        assertThat(read.alg()).isEqualTo("ES256");
        assertThat(read.claims()).containsEntry("sub", "d");
    }

    @Test
    void aTokenOverTheSizeLimitIsRefusedBeforeItIsDecoded() {
        String token = jws("{\"alg\":\"ES256\"}", "{\"pad\":\"" + "x".repeat(MAX_BYTES) + "\"}");

        assertThat(refusal(token).getMessage()).isEqualTo("the posture token is larger than " + MAX_BYTES + " bytes");
    }
}
