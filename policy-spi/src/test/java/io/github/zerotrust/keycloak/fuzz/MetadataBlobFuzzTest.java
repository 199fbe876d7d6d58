package io.github.zerotrust.keycloak.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.zerotrust.keycloak.fido.MetadataBlob;
import io.github.zerotrust.keycloak.fido.MetadataBlobException;
import io.github.zerotrust.keycloak.fido.testing.TestBlobs;
import java.time.Instant;

/**
 * The FIDO metadata BLOB (a JWS from a file): a verified BLOB or MetadataBlobException. Two ways in:
 * the whole token as text (header, signature and framing), and payloads signed by the test service,
 * so that the fuzzer also reaches the JSON reading behind a valid signature.
 */
class MetadataBlobFuzzTest {

    private static final TestBlobs SERVICE = TestBlobs.es256();
    private static final Instant NOW = Instant.parse("2026-06-10T10:00:00Z");

    @FuzzTest(maxDuration = "1s")
    void verifiesAnyTokenOrRefusesIt(FuzzedDataProvider data) {
        boolean signPayload = data.consumeBoolean();
        String text = data.consumeRemainingAsString();
        try {
            MetadataBlob blob = MetadataBlob.verify(signPayload ? SERVICE.sign(text) : text, SERVICE.root(), NOW);
            assertThat(blob.size()).isNotNegative();
        } catch (MetadataBlobException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
    }

    /** Entry point of Jazzer's own driver, for the long runs (see the README). */
    public static void fuzzerTestOneInput(FuzzedDataProvider data) {
        new MetadataBlobFuzzTest().verifiesAnyTokenOrRefusesIt(data);
    }
}
