package io.github.zerotrust.keycloak.authn.whatif;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.zerotrust.keycloak.authn.rest.ProblemException;
import io.github.zerotrust.keycloak.authn.rest.RequestBodies;

/**
 * What-If questions as an admin (or a script) posts them: bound strictly to {@link WhatIfRequest} through the one JSON
 * configuration. A request, or a ProblemException answering 400 invalid-json (413, 415); never anything else.
 */
public final class WhatIfBodyFuzzTest {

    @FuzzTest(maxDuration = "2s")
    void bindsAnyBodyToAQuestionOrAClearRefusal(FuzzedDataProvider data) {
        byte[] body = data.consumeRemainingAsBytes();
        WhatIfRequest request;
        try {
            request = RequestBodies.bound("application/json", body, WhatIfResource.MAX_BODY_BYTES, WhatIfRequest.class);
        } catch (ProblemException refused) {
            assertThat(RequestBodies.isABodyRefusal(refused.problem())).as(refused.problem().toString()).isTrue();
            return;
        }
        assertThat(request).isNotNull();
        assertThat(body.length).isLessThanOrEqualTo(WhatIfResource.MAX_BODY_BYTES);
    }

    /** Entry point of Jazzer's own driver, for the long runs (see the README). */
    public static void fuzzerTestOneInput(FuzzedDataProvider data) {
        new WhatIfBodyFuzzTest().bindsAnyBodyToAQuestionOrAClearRefusal(data);
    }
}
