package io.github.zerotrust.keycloak.fido;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AuthenticatorPolicyTest {

    private static final String A = "cb69481e-8ff7-4039-93ec-0a2729a154a8";
    private static final String B = "ee882879-721c-4913-9775-3dfcce97072a";

    private static AuthenticatorPolicy.Parsed read(String key, String value) {
        Map<String, String> config = new HashMap<>();
        config.put(key, value);
        return AuthenticatorPolicy.read(config);
    }

    @Nested
    class Defaults {

        @Test
        void acceptAnyAuthenticatorButRefuseCompromisedOnes() {
            assertThat(AuthenticatorPolicy.defaults()).isEqualTo(new AuthenticatorPolicy(Set.of(), Set.of(), false,
                    CertificationLevel.NONE, true, false));
            assertThat(AuthenticatorPolicy.defaults().needsMetadata()).isFalse();
        }

        @Test
        void parsingNothingGivesTheDefaults() {
            assertThat(AuthenticatorPolicy.parse(Map.of())).isEqualTo(AuthenticatorPolicy.defaults());
            assertThat(AuthenticatorPolicy.parse(null)).isEqualTo(AuthenticatorPolicy.defaults());
            assertThat(AuthenticatorPolicy.read(Map.of()).problems()).isEmpty();
        }

        @Test
        void keysAreNamespaced() {
            assertThat(AuthenticatorPolicy.ALLOWED_AAGUIDS).isEqualTo("zt.fido.allowed-aaguids");
            assertThat(AuthenticatorPolicy.DENIED_AAGUIDS).isEqualTo("zt.fido.denied-aaguids");
            assertThat(AuthenticatorPolicy.REQUIRE_ATTESTATION).isEqualTo("zt.fido.require-attestation");
            assertThat(AuthenticatorPolicy.MINIMUM_LEVEL).isEqualTo("zt.fido.minimum-certification-level");
            assertThat(AuthenticatorPolicy.REFUSE_COMPROMISED).isEqualTo("zt.fido.refuse-compromised");
            assertThat(AuthenticatorPolicy.REQUIRE_METADATA).isEqualTo("zt.fido.require-metadata");
        }
    }

    @Nested
    class Lists {

        @Test
        void readsCommaOrSpaceSeparatedAaguids() {
            AuthenticatorPolicy policy = AuthenticatorPolicy.parse(Map.of(
                    AuthenticatorPolicy.ALLOWED_AAGUIDS, " " + A + ", " + B.toUpperCase() + " ,,",
                    AuthenticatorPolicy.DENIED_AAGUIDS, B + "\n" + A));
            assertThat(policy.allowedAaguids()).containsExactlyInAnyOrder(Aaguid.of(A), Aaguid.of(B));
            assertThat(policy.deniedAaguids()).containsExactlyInAnyOrder(Aaguid.of(A), Aaguid.of(B));
        }

        @Test
        void skipsAndReportsUnreadableEntriesButKeepsTheRest() {
            AuthenticatorPolicy.Parsed parsed = read(AuthenticatorPolicy.ALLOWED_AAGUIDS, A + ",yubikey," + "x".repeat(200));
            assertThat(parsed.policy().allowedAaguids()).containsExactly(Aaguid.of(A));
            assertThat(parsed.problems()).hasSize(2).first().asString()
                    .isEqualTo("zt.fido.allowed-aaguids: 'yubikey' is not an AAGUID; skipped");
            assertThat(parsed.problems().get(1)).hasSizeLessThan(100);
        }
    }

    @Nested
    class Flags {

        @ParameterizedTest
        @CsvSource({"true, true", "ON, true", "yes, true", "false, false", "off, false", "No, false"})
        void readFlags(String text, boolean expected) {
            assertThat(read(AuthenticatorPolicy.REQUIRE_ATTESTATION, text).policy().requireAttestation()).isEqualTo(expected);
            assertThat(read(AuthenticatorPolicy.REQUIRE_METADATA, text).policy().requireMetadata()).isEqualTo(expected);
            assertThat(read(AuthenticatorPolicy.REFUSE_COMPROMISED, text).policy().refuseCompromised()).isEqualTo(expected);
        }

        @ParameterizedTest
        @ValueSource(strings = {"maybe", "1", "tru", "  "})
        void garbageKeepsTheDefault(String text) {
            AuthenticatorPolicy.Parsed parsed = read(AuthenticatorPolicy.REFUSE_COMPROMISED, text);
            assertThat(parsed.policy()).isEqualTo(AuthenticatorPolicy.defaults());
            assertThat(parsed.problems()).hasSize(text.isBlank() ? 0 : 1);
        }
    }

    @Nested
    class MinimumLevel {

        @ParameterizedTest
        @CsvSource({"none, NONE", "L1, L1", "l1+, L1_PLUS", "L1_PLUS, L1_PLUS", "L2plus, L2_PLUS", "L2, L2", "L3+, L3_PLUS",
            "' L3 ', L3"})
        void readsTheLevelInTheSpellingsAdminsUse(String text, CertificationLevel level) {
            AuthenticatorPolicy policy = read(AuthenticatorPolicy.MINIMUM_LEVEL, text).policy();
            assertThat(policy.minimumLevel()).isEqualTo(level);
            assertThat(policy.needsMetadata()).isEqualTo(level != CertificationLevel.NONE);
        }

        @ParameterizedTest
        @ValueSource(strings = {"L4", "level 2", "2", "L2++x", "gold"})
        void garbageKeepsNoneAndIsReported(String text) {
            AuthenticatorPolicy.Parsed parsed = read(AuthenticatorPolicy.MINIMUM_LEVEL, text);
            assertThat(parsed.policy().minimumLevel()).isEqualTo(CertificationLevel.NONE);
            assertThat(parsed.problems()).singleElement().asString().startsWith("zt.fido.minimum-certification-level:");
        }
    }

    @Test
    void requiringMetadataNeedsMetadata() {
        assertThat(read(AuthenticatorPolicy.REQUIRE_METADATA, "true").policy().needsMetadata()).isTrue();
    }
}
