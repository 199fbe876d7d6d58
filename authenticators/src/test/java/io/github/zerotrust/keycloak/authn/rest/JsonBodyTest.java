package io.github.zerotrust.keycloak.authn.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.assertj.core.api.AbstractObjectAssert;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonBodyTest {

    static final String JSON = "application/json";

    static InputStream body(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    static ObjectNode read(String contentType, String text, int max) throws ProblemException {
        return JsonBody.read(contentType, body(text), max, true);
    }

    static AbstractObjectAssert<?, Problem> refusal(String contentType, String text, int max) {
        return assertThat(catchProblem(() -> read(contentType, text, max)));
    }

    static Problem catchProblem(ThrowingRead read) {
        try {
            read.run();
        } catch (ProblemException e) {
            return e.problem();
        }
        throw new AssertionError("the body was accepted");
    }

    interface ThrowingRead {
        void run() throws ProblemException;
    }

    record Zone(List<String> ranges, boolean trusted) {
    }

    @Test
    void readsOneJsonObject() throws ProblemException {
        assertThat(read(JSON, "{\"role\": \"realm:ops\", \"durationMinutes\": 30}", 1024).path("durationMinutes").asInt())
                .isEqualTo(30);
    }

    @Test
    void aContentTypeNoParserCanReadIsUnsupportedAndSoTold() {
        assertThatThrownBy(() -> read(";;;=\u00e9/", "{}", 10)).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.problem().status()).isEqualTo(415));
    }

    @ParameterizedTest
    @ValueSource(strings = {";", ";;;", " ; ", ";charset=utf-8"})
    void aContentTypeOfOnlySemicolonsIsUnsupportedNotACrash(String header) {
        refusal(header, "{}", 10).extracting(Problem::status, Problem::error).containsExactly(415, "unsupported-media-type");
    }

    @Test
    void takesJsonMediaTypesInUtf8Only() throws ProblemException {
        assertThat(read("application/json; charset=UTF-8", "{}", 10)).isEmpty();
        assertThat(read("application/jwk+json", "{}", 10)).isEmpty();
        refusal("text/plain", "{}", 10).extracting(Problem::status, Problem::error).containsExactly(415, "unsupported-media-type");
        refusal(null, "{}", 10).extracting(Problem::status).isEqualTo(415);
        refusal("application/json; charset=ISO-8859-1", "{}", 10).extracting(Problem::status).isEqualTo(415);
        refusal("application/x-www-form-urlencoded", "a=b", 10).extracting(Problem::status).isEqualTo(415);
        // The server may have read a form's body before the resource sees the stream.
        assertThat(catchProblem(() -> JsonBody.read("application/x-www-form-urlencoded", body(""), 10, false)).status())
                .isEqualTo(415);
    }

    @Test
    void aBodyOverTheCapIsTooLargeAndIsNotReadFurther() throws Exception {
        byte[] huge = ("{\"pad\": \"" + "x".repeat(10_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        ByteArrayInputStream in = new ByteArrayInputStream(huge);

        Problem problem = catchProblem(() -> JsonBody.read(JSON, in, 100, true));

        assertThat(problem.status()).isEqualTo(413);
        assertThat(problem.error()).isEqualTo("body-too-large");
        assertThat(problem.description()).contains("100 bytes");
        assertThat(in.available()).as("the rest stays unread").isEqualTo(huge.length - 101);
    }

    @Test
    void anEmptyBodyIsInvalidWhenRequiredAndAnEmptyObjectOtherwise() throws ProblemException {
        refusal(JSON, "  \n", 10).extracting(Problem::status, Problem::error).containsExactly(400, "invalid-json");
        assertThat(JsonBody.read(null, body(""), 10, false)).isEmpty();
        assertThat(JsonBody.read(null, null, 10, false)).isEmpty();
    }

    /** Found by JsonBodyFuzzTest (seed blanks-then-oversized): only the first cap + 1 bytes were looked at for "empty". */
    @Test
    void aBodyOverTheCapThatStartsWithBlanksIsTooLargeNotEmpty() {
        String padded = " ".repeat(20) + "{\"role\": \"realm:realm-admin\"}";

        Problem optional = catchProblem(() -> JsonBody.read(JSON, body(padded), 10, false));
        Problem required = catchProblem(() -> JsonBody.read(JSON, body(padded), 10, true));
        Problem undeclared = catchProblem(() -> JsonBody.read(null, body(padded), 10, false));

        assertThat(optional).extracting(Problem::status, Problem::error).containsExactly(413, "body-too-large");
        assertThat(required).extracting(Problem::status, Problem::error).containsExactly(413, "body-too-large");
        assertThat(undeclared).extracting(Problem::status, Problem::error).containsExactly(415, "unsupported-media-type");
    }

    @Nested
    class RefusesAsInvalidJson {

        @ParameterizedTest
        @ValueSource(strings = {"{", "[]", "null", "42", "\"text\"", "{\"a\": 1} {\"b\": 2}", "{\"a\": 1}]",
                "{\"role\": \"x\", \"role\": \"y\"}", "{'a': 1}", "{\"a\": NaN}"})
        void whatIsNotOneWellFormedObject(String text) {
            refusal(JSON, text, 1024).extracting(Problem::status, Problem::error).containsExactly(400, "invalid-json");
        }

        @Test
        void aDuplicateKeySaysWhich() {
            refusal(JSON, "{\"role\": \"realm:viewer\", \"role\": \"realm:admin\"}", 1024)
                    .extracting(Problem::description).asString().contains("Duplicate field 'role'");
        }

        @Test
        void nestingDeeperThanTheLimit() {
            String deep = "{\"a\":".repeat(40) + "1" + "}".repeat(40);

            refusal(JSON, deep, 1024).extracting(Problem::description).asString()
                    .contains("nesting depth").doesNotContain("StreamReadConstraints");
        }

        @Test
        void unknownFieldsAndWrongTypesWhenBound() throws ProblemException {
            ObjectNode extra = read(JSON, "{\"ranges\": [\"10.0.0.0/8\"], \"trusted\": true, \"extra\": 1}", 1024);
            ObjectNode wrongType = read(JSON, "{\"ranges\": \"10.0.0.0/8\"}", 1024);
            ObjectNode coerced = read(JSON, "{\"ranges\": [], \"trusted\": \"true\"}", 1024);

            assertThat(catchProblem(() -> JsonBody.bind(extra, Zone.class)).description())
                    .isEqualTo("Unknown field 'extra'; the fields are ranges, trusted.");
            assertThat(catchProblem(() -> JsonBody.bind(wrongType, Zone.class)).description())
                    .isEqualTo("The field 'ranges' is not of the expected type.");
            assertThat(catchProblem(() -> JsonBody.bind(coerced, Zone.class)).error()).isEqualTo("invalid-json");
        }
    }

    @Test
    void bindsAWellFormedBody() throws ProblemException {
        assertThat(JsonBody.bind(read(JSON, "{\"ranges\": [\"10.0.0.0/8\"], \"trusted\": true}", 1024), Zone.class))
                .isEqualTo(new Zone(List.of("10.0.0.0/8"), true));
    }

    @Test
    void refusesWithoutTouchingAnything() {
        assertThatThrownBy(() -> read("text/html", "<script>", 1024)).isInstanceOf(ProblemException.class)
                .hasMessageStartingWith("unsupported-media-type: The body is 'text/html'.");
    }
}
