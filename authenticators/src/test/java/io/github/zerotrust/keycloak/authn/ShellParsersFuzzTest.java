package io.github.zerotrust.keycloak.authn;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.zerotrust.keycloak.authn.admin.ZoneBodyFuzzTest;
import io.github.zerotrust.keycloak.authn.device.PostureTokenFuzzTest;
import io.github.zerotrust.keycloak.authn.elevation.extension.ApprovalToolAnswersFuzzTest;
import io.github.zerotrust.keycloak.authn.rest.JsonBodyFuzzTest;
import io.github.zerotrust.keycloak.authn.risk.RecognisedBrowserFuzzTest;
import io.github.zerotrust.keycloak.authn.whatif.WhatIfBodyFuzzTest;
import java.util.List;
import java.util.function.Consumer;

/**
 * The short fuzzing run of the module: every shell target in one JVM, the input's last byte picking which. Jazzer
 * fuzzes one target per JVM, and a JVM with Jazzer's set-up costs about 20 s on the shared machine, so six of them
 * would cost two minutes; this one fuzzes all six for the time of one. Each target still runs its own seeds
 * (regression mode), and {@code fuzz.sh} runs each on its own for the long runs.
 */
class ShellParsersFuzzTest {

    static final List<Consumer<FuzzedDataProvider>> TARGETS = List.of(
            JsonBodyFuzzTest::fuzzerTestOneInput,
            ZoneBodyFuzzTest::fuzzerTestOneInput,
            WhatIfBodyFuzzTest::fuzzerTestOneInput,
            RecognisedBrowserFuzzTest::fuzzerTestOneInput,
            PostureTokenFuzzTest::fuzzerTestOneInput,
            ApprovalToolAnswersFuzzTest::fuzzerTestOneInput);

    @FuzzTest(maxDuration = "12s")
    void fuzzesEveryShellParser(FuzzedDataProvider data) {
        TARGETS.get(data.consumeInt(0, TARGETS.size() - 1)).accept(data);
    }
}
