package io.github.zerotrust.keycloak.authn.device;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.zerotrust.keycloak.device.PostureClaims;
import io.github.zerotrust.keycloak.spi.DevicePostureUnavailable;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.keycloak.jose.jwk.JWK;

/**
 * Posture tokens as an agent or a page's URL hands them in, up to the signature check: the size limit, the JWS parts,
 * the header's algorithm and the claims (then read to a posture), and the device's enrolled public key (sent at
 * enrolment) and the realm's key set (an admin's text). An unverified token or the verifier's refusal
 * (DevicePostureUnavailable, refused); a key or IllegalArgumentException; never anything else.
 */
public final class PostureTokenFuzzTest {

    @FuzzTest(maxDuration = "2s")
    void readsAnyTokenUpToItsSignatureOrRefusesIt(FuzzedDataProvider data) {
        int maxBytes = data.consumeInt(0, 16 * 1024);
        String token = switch (data.consumeInt(0, 2)) {
            case 0 -> data.consumeRemainingAsString();
            // Fuzzed header and claims in a well-formed JWS, to reach the algorithm and claim checks.
            case 1 -> base64(data.consumeString(200)) + "." + base64(data.consumeRemainingAsString()) + ".c2ln";
            default -> {
                keys(data.consumeString(2000), data.consumeRemainingAsString());
                yield "";
            }
        };
        PostureTokenVerifier.Unverified unverified;
        try {
            unverified = PostureTokenVerifier.unverified(token, maxBytes);
        } catch (DevicePostureUnavailable refused) {
            assertThat(refused.refused()).as("a bad token is refused evidence, never an outage").isTrue();
            assertThat(refused.failOpen()).isFalse();
            assertThat(refused.getMessage()).isNotBlank().hasSizeLessThan(200);
            return;
        }
        assertThat(token.length()).isLessThanOrEqualTo(maxBytes);
        assertThat(PostureTokenVerifier.ALGORITHMS).contains(unverified.alg());
        assertThat(unverified.claims()).isNotNull();
        assertThat(PostureClaims.posture(unverified.claims())).isNotNull();
    }

    private static void keys(String enrolled, String keySet) {
        try {
            JWK key = DeviceKeys.parsePublic(enrolled);
            assertThat(key.getKeyType()).isIn("RSA", "EC");
            assertThat(DeviceKeys.publicKey(key)).isNotNull();
            for (String alg : PostureTokenVerifier.ALGORITHMS) {
                DeviceKeys.forAlgorithm(key, alg);
            }
        } catch (IllegalArgumentException refused) {
            // the enrolled key is refused
        }
        try {
            DeviceKeys.parseSet(keySet).forEach(k -> assertThat(k.getKeyType()).isIn("RSA", "EC"));
        } catch (IllegalArgumentException refused) {
            // the key set is unreadable
        }
    }

    private static String base64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Entry point of Jazzer's own driver, for the long runs (see the README). */
    public static void fuzzerTestOneInput(FuzzedDataProvider data) {
        new PostureTokenFuzzTest().readsAnyTokenUpToItsSignatureOrRefusesIt(data);
    }
}
