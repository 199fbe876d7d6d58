package io.github.zerotrust.keycloak.authn.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.util.Map;

/**
 * The one request-body reader, as any client can call it: any Content-Type header, any bytes, any size limit. A JSON
 * object within the limit, or a ProblemException answering 400 invalid-json, 413 body-too-large or 415
 * unsupported-media-type; never anything else.
 */
public final class JsonBodyFuzzTest {

    private static final String[] TYPES = {null, "", "application/json", "application/json; charset=utf-8",
        "application/merge-patch+json", "text/plain", "application/x-www-form-urlencoded"};

    @FuzzTest(maxDuration = "2s")
    void readsAnyBodyToOneObjectOrAClearRefusal(FuzzedDataProvider data) {
        int maxBytes = data.consumeInt(0, 4096);
        boolean required = data.consumeBoolean();
        boolean bind = data.consumeBoolean();
        String contentType = data.consumeBoolean() ? TYPES[data.consumeInt(0, TYPES.length - 1)] : data.consumeString(120);
        byte[] body = data.consumeRemainingAsBytes();
        ObjectNode json;
        try {
            json = JsonBody.read(contentType, new ByteArrayInputStream(body), maxBytes, required);
            if (bind) {
                // A strict binding of the object: a record with typed fields, as the resources bind theirs.
                JsonBody.bind(json, Probe.class);
            }
        } catch (ProblemException refused) {
            assertThat(RequestBodies.isABodyRefusal(refused.problem())).as(refused.problem().toString()).isTrue();
            assertThat(refused.problem().description()).isNotBlank().hasSizeLessThanOrEqualTo(Problem.MAX_DESCRIPTION);
            return;
        }
        assertThat(json).isNotNull();
        // Only an empty (blank) optional body may be longer than the limit: nothing in it was read as JSON.
        if (!new String(body, java.nio.charset.StandardCharsets.ISO_8859_1).isBlank()) {
            assertThat(body.length).isLessThanOrEqualTo(maxBytes);
        }
    }

    /** A body shape with each kind of field a resource binds. */
    record Probe(String text, Boolean flag, Integer number, java.util.List<String> list, Map<String, String> map) {
    }

    /** Entry point of Jazzer's own driver, for the long runs (see the README). */
    public static void fuzzerTestOneInput(FuzzedDataProvider data) {
        new JsonBodyFuzzTest().readsAnyBodyToOneObjectOrAClearRefusal(data);
    }
}
