package io.github.zerotrust.keycloak.ssf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AssuranceLevelsTest {

    static final Map<String, Integer> SUITE = Map.of("pwd", 1, "mfa", 2, "phr", 3);

    @Test
    void theSuitesLevelsAreTheirNistLevels() {
        assertThat(AssuranceLevels.nistAal(1, SUITE)).contains("nist-aal1");
        assertThat(AssuranceLevels.nistAal(2, SUITE)).contains("nist-aal2");
        assertThat(AssuranceLevels.nistAal(3, SUITE)).contains("nist-aal3");
    }

    @Test
    void aLevelAbovePhishingResistantIsStillAal3AndOneBetweenIsAal2() {
        assertThat(AssuranceLevels.nistAal(7, SUITE)).contains("nist-aal3");
        assertThat(AssuranceLevels.nistAal(3, Map.of("mfa", 2, "phr", 5))).contains("nist-aal2");
    }

    @Test
    void aRealmWithOnlyPhishingResistantNamedHasAal1BelowIt() {
        assertThat(AssuranceLevels.nistAal(1, Map.of("pwd", 1, "phr", 3))).contains("nist-aal1");
        assertThat(AssuranceLevels.nistAal(2, Map.of("pwd", 1, "phr", 3))).contains("nist-aal1");
        assertThat(AssuranceLevels.nistAal(3, Map.of("pwd", 1, "phr", 3))).contains("nist-aal3");
    }

    @Test
    void theHighestLevelIsReadFromKeycloaksLevelNote() {
        assertThat(AssuranceLevels.highestLevel("{\"1\":1764580000,\"2\":1764580300}")).hasValue(2);
        assertThat(AssuranceLevels.highestLevel("{\"3\":1764580000,\"x\":1,\"1\":5}")).hasValue(3);
    }

    @Test
    void aMissingOrUnreadableLevelNoteNamesNoLevel() {
        assertThat(AssuranceLevels.highestLevel(null)).isEmpty();
        assertThat(AssuranceLevels.highestLevel(" ")).isEmpty();
        assertThat(AssuranceLevels.highestLevel("{not json")).isEmpty();
        assertThat(AssuranceLevels.highestLevel("[1,2]")).isEmpty();
        assertThat(AssuranceLevels.highestLevel("{\"gold\":1}")).isEmpty();
    }

    @Test
    void nothingAuthenticatedOrLevelsOfItsOwnClaimNothing() {
        assertThat(AssuranceLevels.nistAal(0, SUITE)).isEmpty();
        assertThat(AssuranceLevels.nistAal(-1, SUITE)).isEmpty();
        assertThat(AssuranceLevels.nistAal(2, Map.of("silver", 1, "gold", 2))).isEmpty();
        assertThat(AssuranceLevels.nistAal(2, Map.of())).isEmpty();
    }
}
