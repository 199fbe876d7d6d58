package io.github.zerotrust.keycloak.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.zerotrust.keycloak.device.PostureException;
import io.github.zerotrust.keycloak.device.PostureReport;
import java.io.ByteArrayInputStream;
import java.time.Instant;

/** Posture reports an agent or MDM pushes (JSON bodies): a posture or PostureException, never anything else. */
class PostureReportFuzzTest {

    private static final Instant RECEIVED = Instant.parse("2026-06-10T10:00:00Z");

    @FuzzTest(maxDuration = "1s")
    void readsAnyBodyToAPostureOrARefusal(FuzzedDataProvider data) {
        boolean asStream = data.consumeBoolean();
        byte[] body = data.consumeRemainingAsBytes();
        try {
            if (asStream) {
                PostureReport.parse(new ByteArrayInputStream(body), RECEIVED);
            } else {
                PostureReport.parse(new String(body, java.nio.charset.StandardCharsets.UTF_8), RECEIVED);
            }
        } catch (PostureException refused) {
            // the parser's own refusal
        }
    }

    /** Entry point of Jazzer's own driver, for the long runs (see the README). */
    public static void fuzzerTestOneInput(FuzzedDataProvider data) {
        new PostureReportFuzzTest().readsAnyBodyToAPostureOrARefusal(data);
    }
}
