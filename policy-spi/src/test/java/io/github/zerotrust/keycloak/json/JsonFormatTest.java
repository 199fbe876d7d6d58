package io.github.zerotrust.keycloak.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonFormatTest {

    record Zone(List<String> ranges, boolean trusted) {
    }

    @Nested
    class Strict {

        @Test
        void readsWhatIsWellFormed() throws JsonProcessingException {
            assertThat(JsonFormat.strict().readValue("{\"ranges\": [\"10.0.0.0/8\"], \"trusted\": true}", Zone.class))
                    .isEqualTo(new Zone(List.of("10.0.0.0/8"), true));
        }

        @ParameterizedTest
        @ValueSource(strings = {
            "{\"ranges\": [], \"trusted\": true, \"extra\": 1}",
            "{\"ranges\": [], \"trusted\": true, \"trusted\": false}",
            "{\"ranges\": [], \"trusted\": true} {}",
            "{\"ranges\": [], \"trusted\": \"true\"}",
            "{\"ranges\": \"10.0.0.0/8\", \"trusted\": true}"})
        void refusesUnknownFieldsDuplicatesTrailingContentAndCoercion(String json) {
            assertThatThrownBy(() -> JsonFormat.strict().readValue(json, Zone.class)).isInstanceOf(JsonProcessingException.class);
        }

        @Test
        void refusesADuplicateKeyInATreeToo() {
            assertThatThrownBy(() -> JsonFormat.strict().readTree("{\"role\": \"a\", \"role\": \"b\"}"))
                    .isInstanceOf(JsonProcessingException.class).hasMessageContaining("Duplicate field 'role'");
        }

        @Test
        void stopsAtItsLimits() {
            String deep = "[".repeat(33) + "]".repeat(33);
            String longNumber = "{\"n\": " + "9".repeat(101) + "}";

            assertThatThrownBy(() -> JsonFormat.strict().readTree(deep)).isInstanceOf(StreamConstraintsException.class);
            assertThatThrownBy(() -> JsonFormat.strict().readTree(longNumber)).isInstanceOf(StreamConstraintsException.class);
            assertThatThrownBy(() -> JsonFormat.strict().readTree("{\"s\": \"" + "x".repeat(256 * 1024 + 1) + "\"}"))
                    .isInstanceOf(StreamConstraintsException.class);
        }
    }

    @Nested
    class Lenient {

        @Test
        void ignoresFieldsItDoesNotKnow() throws JsonProcessingException {
            assertThat(JsonFormat.lenient().readValue("{\"ranges\": [], \"trusted\": true, \"addedLater\": {\"x\": 1}}",
                    Zone.class)).isEqualTo(new Zone(List.of(), true));
        }

        @Test
        void stillRefusesDuplicatesAndTrailingContent() {
            assertThatThrownBy(() -> JsonFormat.lenient().readTree("{\"a\": 1, \"a\": 2}")).isInstanceOf(JsonProcessingException.class);
            assertThatThrownBy(() -> JsonFormat.lenient().readTree("{} []")).isInstanceOf(JsonProcessingException.class);
        }

        @Test
        void takesTheLongStringsOfTheMetadataBlob() throws JsonProcessingException {
            String icon = "data:image/png;base64," + "A".repeat(512 * 1024);

            assertThat(JsonFormat.lenient().readTree("{\"icon\": \"" + icon + "\"}").path("icon").asText()).hasSize(icon.length());
        }
    }
}
