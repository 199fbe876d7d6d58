package io.github.zerotrust.keycloak.elevation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RecordIdTest {

    private static final String ID = "6f1d2c3b-4a5e-4f60-8a7b-9c8d7e6f5a4b";

    @Test
    void readsAUuidInAnyCaseAndWritesItInLowerCase() {
        assertThat(RecordId.parse(ID)).map(RecordId::toString).contains(ID);
        assertThat(RecordId.parse(ID.toUpperCase())).map(RecordId::toString).contains(ID);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1-2-3-4-5", " 6f1d2c3b-4a5e-4f60-8a7b-9c8d7e6f5a4b",
            "6f1d2c3b-4a5e-4f60-8a7b-9c8d7e6f5a4b ", "6f1d2c3b4a5e4f608a7b9c8d7e6f5a4b",
            "6f1d2c3b-4a5e-4f60-8a7b-9c8d7e6f5a4", "6f1d2c3b-4a5e-4f60-8a7b-9c8d7e6f5a4bb",
            "6f1d2c3b-4a5e-4f60-8a7b-9c8d7e6f5a4g", "6f1d2c3b_4a5e-4f60-8a7b-9c8d7e6f5a4b",
            "6f1d2c3b-4a5e-4f60-8a7b-9c8d7e6f5a-4b", "+f1d2c3b-4a5e-4f60-8a7b-9c8d7e6f5a4b",
            "6f1d2c3b-4a5e-4f60-8a7b-9c8d7e6f5a4\u0000", "../../admin/realms/master/users/x",
            "6f1d2c3b-4a5e-4f60-8a7b-9c8d7e6f5a4b' OR '1'='1", "６f1d2c3b-4a5e-4f60-8a7b-9c8d7e6f5a4b"})
    void refusesTamperedIdsBeforeAnyLookup(String text) {
        assertThat(RecordId.parse(text)).isEmpty();
        assertThatThrownBy(() -> RecordId.of(text)).isInstanceOfSatisfying(ElevationException.class, e -> {
            assertThat(e.reason()).isEqualTo(Refusal.MALFORMED_ID);
            assertThat(e.getMessage()).as("does not echo the value").isEqualTo("malformed-id: an id is a UUID");
        });
    }

    @Test
    void refusesNothing() {
        assertThat(RecordId.parse(null)).isEmpty();
    }

    @Test
    void randomIdsAreWellFormedAndDistinct() {
        RecordId id = RecordId.random();
        assertThat(RecordId.parse(id.toString())).contains(id);
        assertThat(RecordId.random()).isNotEqualTo(id);
    }
}
