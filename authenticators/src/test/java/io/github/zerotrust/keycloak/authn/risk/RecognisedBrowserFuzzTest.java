package io.github.zerotrust.keycloak.authn.risk;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.zerotrust.keycloak.authn.risk.RecognisedBrowser.Recognition;
import io.github.zerotrust.keycloak.authn.risk.RecognisedBrowser.Status;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.keycloak.jose.jws.JWSInput;

/**
 * The recognised-browser cookie as a browser sends it back: any value, and any content a token that verifies may carry
 * (every Keycloak-signed JWT of the realm verifies, so its content is only partly ours). The signature is the server's
 * job; here the value is decoded as Keycloak's token manager does once it has verified it. A recognition whose status
 * fits the value, never an exception.
 */
public final class RecognisedBrowserFuzzTest {

    private static final String BOUND = "c2lnbmVkLWluLXVz";

    @FuzzTest(maxDuration = "2s")
    void readsAnyCookieToARecognitionNeverAnException(FuzzedDataProvider data) {
        String value;
        if (data.consumeBoolean()) {
            value = data.consumeRemainingAsString();
        } else {
            // Mostly well-formed: a JWS around fuzzed claims, to reach the checks after decoding.
            String header = base64("{\"alg\":\"HS512\",\"typ\":\"JWT\"}");
            value = header + "." + base64(data.consumeRemainingAsString()) + ".c2ln";
        }
        Recognition recognition = RecognisedBrowser.recognise(value, RecognisedBrowserFuzzTest::decodedAsKeycloakDoes, BOUND);
        assertThat(recognition).isNotNull();
        assertThat(recognition.users()).isNotNull();
        if (value == null || value.isBlank()) {
            assertThat(recognition.status()).isEqualTo(Status.NONE);
        }
        switch (recognition.status()) {
            case RECOGNISED -> {
                assertThat(recognition.deviceId()).matches("[A-Za-z0-9_-]{22}");
                assertThat(recognition.users()).contains(BOUND);
            }
            case FOREIGN -> {
                assertThat(recognition.deviceId()).isNull();
                assertThat(recognition.cookieDevice()).matches("[A-Za-z0-9_-]{22}");
                assertThat(recognition.users()).doesNotContain(BOUND);
            }
            default -> {
                assertThat(recognition.deviceId()).isNull();
                assertThat(recognition.cookieDevice()).isNull();
            }
        }
    }

    /** DefaultTokenManager.decode after its signature check: the content read as the token class, null on any failure. */
    private static RecognisedBrowserToken decodedAsKeycloakDoes(String value) {
        try {
            return new JWSInput(value).readJsonContent(RecognisedBrowserToken.class);
        } catch (Exception unreadable) {
            return null;
        }
    }

    private static String base64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Entry point of Jazzer's own driver, for the long runs (see the README). */
    public static void fuzzerTestOneInput(FuzzedDataProvider data) {
        new RecognisedBrowserFuzzTest().readsAnyCookieToARecognitionNeverAnException(data);
    }
}
