package io.github.zerotrust.keycloak.fido;

import static io.github.zerotrust.keycloak.fido.testing.TestBlobs.report;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.zerotrust.keycloak.fido.testing.TestBlobs;
import io.github.zerotrust.keycloak.fido.testing.TestBlobs.Entry;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Fido2PolicyTest {

    private static final Aaguid YUBIKEY = Aaguid.of("cb69481e-8ff7-4039-93ec-0a2729a154a8");
    private static final Aaguid FEITIAN = Aaguid.of("ee882879-721c-4913-9775-3dfcce97072a");
    private static final Aaguid SOLO = Aaguid.of("8876631b-d4a0-427f-5773-0ec71c9e0279");
    private static final Aaguid REVOKED = Aaguid.of("fa2b99dc-9e39-4257-8f92-4a30d23c4118");
    private static final Aaguid UNLISTED = Aaguid.of("08987058-cadc-4b81-b6e1-30de50dcbe96");
    private static final Instant NOW = Instant.parse("2026-06-10T10:00:00Z");

    private static final MetadataBlob BLOB = blob();

    private static MetadataBlob blob() {
        TestBlobs service = TestBlobs.es256();
        String jws = service.blob(12, LocalDate.parse("2026-07-01"), List.of(
                Entry.of(YUBIKEY, "YubiKey 5", report("FIDO_CERTIFIED_L1", "2023-01-01"),
                        report("FIDO_CERTIFIED_L2", "2024-01-01")),
                Entry.of(FEITIAN, "Feitian BioPass", report("FIDO_CERTIFIED_L1", "2024-01-01")),
                Entry.of(SOLO, "Solo", report("FIDO_CERTIFIED_L2", "2024-01-01"),
                        report("ATTESTATION_KEY_COMPROMISE", "2026-03-01")),
                Entry.of(REVOKED, "Old Key", report("FIDO_CERTIFIED_L3", "2022-01-01"), report("REVOKED", "2026-01-15"))));
        try {
            return MetadataBlob.verify(jws, service.root(), NOW);
        } catch (MetadataBlobException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RegisteredAuthenticator attested(Aaguid aaguid) {
        return new RegisteredAuthenticator(aaguid, "packed", true);
    }

    private static AuthenticatorPolicy policy(Set<Aaguid> allowed, Set<Aaguid> denied, boolean requireAttestation,
                                              CertificationLevel level, boolean refuseCompromised, boolean requireMetadata) {
        return new AuthenticatorPolicy(allowed, denied, requireAttestation, level, refuseCompromised, requireMetadata);
    }

    private static AuthenticatorPolicy minimum(CertificationLevel level) {
        return policy(Set.of(), Set.of(), false, level, true, false);
    }

    private static AuthenticatorVerdict check(AuthenticatorPolicy policy, RegisteredAuthenticator authenticator) {
        return new Fido2Policy(policy, Optional.of(BLOB)).check(authenticator);
    }

    @Test
    void anAllowListThatCannotBeReadAllowsNothingRatherThanEverything() {
        AuthenticatorPolicy.Parsed parsed = AuthenticatorPolicy.read(java.util.Map.of(AuthenticatorPolicy.ALLOWED_AAGUIDS, "yubikey, feitian"));

        assertThat(parsed.problems()).anySatisfy(p -> assertThat(p).contains("no model is allowed"));
        for (Aaguid model : List.of(YUBIKEY, FEITIAN, Aaguid.NONE)) {
            assertThat(check(parsed.policy(), attested(model)).allowed()).as(model.toString()).isFalse();
        }
    }

    @Test
    void theDefaultPolicyAcceptsAnUncompromisedAuthenticator() {
        assertThat(check(AuthenticatorPolicy.defaults(), new RegisteredAuthenticator(Aaguid.NONE, "none", false)))
                .isEqualTo(AuthenticatorVerdict.allow());
        assertThat(check(AuthenticatorPolicy.defaults(), attested(YUBIKEY)).allowed()).isTrue();
    }

    @Nested
    class Lists {

        @Test
        void anAllowListAcceptsOnlyItsModels() {
            AuthenticatorPolicy policy = policy(Set.of(YUBIKEY), Set.of(), false, CertificationLevel.NONE, true, false);
            assertThat(check(policy, attested(YUBIKEY)).allowed()).isTrue();

            AuthenticatorVerdict verdict = check(policy, attested(FEITIAN));
            assertThat(verdict.allowed()).isFalse();
            assertThat(verdict.reasons()).containsExactly(
                    "aaguid-not-allowed: 'Feitian BioPass' (ee882879-721c-4913-9775-3dfcce97072a) is not on the allow list");
            assertThat(verdict.messageKey()).contains(AuthenticatorVerdict.NOT_ALLOWED);
        }

        @Test
        void anAllowListRefusesAuthenticatorsThatDoNotSayWhatTheyAre() {
            AuthenticatorPolicy policy = policy(Set.of(YUBIKEY), Set.of(), false, CertificationLevel.NONE, true, false);
            assertThat(check(policy, new RegisteredAuthenticator(Aaguid.NONE, "none", false)).reasonNames())
                    .containsExactly("aaguid-not-allowed");
        }

        @Test
        void aDeniedModelIsRefusedByName() {
            AuthenticatorPolicy policy = policy(Set.of(), Set.of(YUBIKEY), false, CertificationLevel.NONE, true, false);
            AuthenticatorVerdict verdict = check(policy, attested(YUBIKEY));
            assertThat(verdict.reasons()).containsExactly(
                    "aaguid-denied: 'YubiKey 5' (cb69481e-8ff7-4039-93ec-0a2729a154a8) is on the deny list");
            assertThat(verdict.messageKey()).contains(AuthenticatorVerdict.NOT_ALLOWED);
            assertThat(check(policy, attested(FEITIAN)).allowed()).isTrue();
        }

        @Test
        void theDenyListWinsOverTheAllowList() {
            AuthenticatorPolicy policy = policy(Set.of(YUBIKEY, FEITIAN), Set.of(YUBIKEY), false,
                    CertificationLevel.NONE, true, false);
            assertThat(check(policy, attested(YUBIKEY)).reasonNames()).containsExactly("aaguid-denied");
            assertThat(check(policy, attested(FEITIAN)).allowed()).isTrue();
        }

        @Test
        void withoutMetadataTheReasonNamesTheAaguidOnly() {
            AuthenticatorPolicy policy = policy(Set.of(), Set.of(UNLISTED), false, CertificationLevel.NONE, true, false);
            assertThat(new Fido2Policy(policy, Optional.empty()).check(attested(UNLISTED)).reasons())
                    .containsExactly("aaguid-denied: 08987058-cadc-4b81-b6e1-30de50dcbe96 is on the deny list");
        }
    }

    @Nested
    class Attestation {

        private final AuthenticatorPolicy required = policy(Set.of(), Set.of(), true, CertificationLevel.NONE, true, false);

        @ParameterizedTest
        @ValueSource(strings = {"none", "NONE", " "})
        void noAttestationIsRefusedWhenRequired(String format) {
            AuthenticatorVerdict verdict = check(required, new RegisteredAuthenticator(YUBIKEY, format, false));
            assertThat(verdict.reasonNames()).containsExactly("attestation-missing");
            assertThat(verdict.messageKey()).contains(AuthenticatorVerdict.NOT_ALLOWED);
        }

        @Test
        void anUntrustedAttestationIsRefusedWhenRequired() {
            assertThat(check(required, new RegisteredAuthenticator(YUBIKEY, "packed", false)).reasons())
                    .containsExactly("attestation-untrusted: the packed attestation does not lead to a trusted root");
        }

        @ParameterizedTest
        @ValueSource(strings = {"packed", "tpm", "android-key", "fido-u2f", "apple"})
        void aTrustedAttestationPasses(String format) {
            assertThat(check(required, new RegisteredAuthenticator(YUBIKEY, format, true)).allowed()).isTrue();
        }

        @Test
        void noAttestationIsFineWhenNotRequired() {
            assertThat(check(AuthenticatorPolicy.defaults(), new RegisteredAuthenticator(YUBIKEY, "none", false)).allowed())
                    .isTrue();
        }
    }

    @Nested
    class CertificationLevels {

        @ParameterizedTest
        @CsvSource({"NONE, true", "L1, true", "L1_PLUS, true", "L2, true", "L2_PLUS, false", "L3, false"})
        void aModelCertifiedL2MeetsMinimaUpToL2(CertificationLevel minimum, boolean allowed) {
            assertThat(check(minimum(minimum), attested(YUBIKEY)).allowed()).isEqualTo(allowed);
        }

        @Test
        void aModelBelowTheMinimumIsToldItsLevel() {
            AuthenticatorVerdict verdict = check(minimum(CertificationLevel.L2), attested(FEITIAN));
            assertThat(verdict.reasons()).containsExactly("not-certified: certified L1, the policy requires L2");
            assertThat(verdict.messageKey()).contains(AuthenticatorVerdict.NOT_CERTIFIED);
        }

        @Test
        void aRevokedCertificationNoLongerCounts() {
            AuthenticatorVerdict verdict = check(minimum(CertificationLevel.L1), attested(REVOKED));
            assertThat(verdict.reasons()).containsExactly("compromised: REVOKED since 2026-01-15",
                    "not-certified: not certified, the policy requires L1");
            assertThat(verdict.messageKey()).contains(AuthenticatorVerdict.COMPROMISED);
        }

        @Test
        void aCertifiedAaguidWithoutATrustedAttestationIsOnlyAClaim() {
            AuthenticatorVerdict verdict = check(minimum(CertificationLevel.L1), new RegisteredAuthenticator(YUBIKEY, "none", false));
            assertThat(verdict.reasonNames()).containsExactly("aaguid-unproven");
            assertThat(verdict.messageKey()).contains(AuthenticatorVerdict.NOT_CERTIFIED);
        }

        @Test
        void aModelMissingFromTheMetadataIsNotCertified() {
            AuthenticatorVerdict verdict = check(minimum(CertificationLevel.L1), attested(UNLISTED));
            assertThat(verdict.reasons()).containsExactly(
                    "not-in-metadata: 08987058-cadc-4b81-b6e1-30de50dcbe96 is not in the FIDO metadata BLOB no. 12");
        }
    }

    @Nested
    class Compromise {

        @Test
        void aCompromisedModelIsRefusedWithTheReportAndDate() {
            AuthenticatorVerdict verdict = check(AuthenticatorPolicy.defaults(), attested(SOLO));
            assertThat(verdict.allowed()).isFalse();
            assertThat(verdict.reasons()).containsExactly("compromised: ATTESTATION_KEY_COMPROMISE since 2026-03-01");
            assertThat(verdict.messageKey()).contains(AuthenticatorVerdict.COMPROMISED);
        }

        @Test
        void compromiseWinsTheMessageOverOtherProblems() {
            AuthenticatorPolicy policy = policy(Set.of(), Set.of(SOLO), true, CertificationLevel.L3, true, false);
            AuthenticatorVerdict verdict = check(policy, new RegisteredAuthenticator(SOLO, "none", false));
            assertThat(verdict.reasonNames()).containsExactly("compromised", "aaguid-denied", "attestation-missing",
                    "not-certified");
            assertThat(verdict.messageKey()).contains(AuthenticatorVerdict.COMPROMISED);
        }

        @Test
        void canBeSwitchedOff() {
            AuthenticatorPolicy policy = policy(Set.of(), Set.of(), false, CertificationLevel.NONE, false, false);
            assertThat(check(policy, attested(SOLO)).allowed()).isTrue();
        }

        @Test
        void withoutMetadataItCannotActAndDoesNotRefuse() {
            assertThat(new Fido2Policy(AuthenticatorPolicy.defaults(), Optional.empty()).check(attested(SOLO)).allowed())
                    .isTrue();
        }
    }

    @Nested
    class RequiredMetadata {

        private final AuthenticatorPolicy requireMetadata = policy(Set.of(), Set.of(), false, CertificationLevel.NONE,
                true, true);

        @Test
        void aModelInTheMetadataPasses() {
            assertThat(check(requireMetadata, attested(FEITIAN)).allowed()).isTrue();
        }

        @Test
        void aModelMissingFromTheMetadataIsRefused() {
            AuthenticatorVerdict verdict = check(requireMetadata, attested(UNLISTED));
            assertThat(verdict.reasonNames()).containsExactly("not-in-metadata");
            assertThat(verdict.messageKey()).contains(AuthenticatorVerdict.NOT_CERTIFIED);
        }
    }

    @Nested
    class WithoutMetadata {

        @ParameterizedTest
        @CsvSource({"L1, false", "NONE, true"})
        void rulesThatNeedMetadataFailClosed(CertificationLevel level, boolean requireMetadata) {
            AuthenticatorPolicy policy = policy(Set.of(), Set.of(), false, level, true, requireMetadata);
            AuthenticatorVerdict verdict = new Fido2Policy(policy, Optional.empty()).check(attested(YUBIKEY));
            assertThat(verdict.allowed()).isFalse();
            assertThat(verdict.reasons()).containsExactly(
                    "metadata-unavailable: no valid FIDO metadata BLOB is loaded, so the policy fails closed");
            assertThat(verdict.messageKey()).contains(AuthenticatorVerdict.NOT_ALLOWED);
        }

        @Test
        void rulesThatDoNotNeedMetadataStillDecide() {
            AuthenticatorPolicy policy = policy(Set.of(YUBIKEY), Set.of(FEITIAN), true, CertificationLevel.NONE, true, false);
            Fido2Policy fido = new Fido2Policy(policy, Optional.empty());
            assertThat(fido.check(attested(YUBIKEY)).allowed()).isTrue();
            assertThat(fido.check(attested(FEITIAN)).reasonNames()).containsExactly("aaguid-denied");
        }
    }

    @Test
    void verdictsAreConsistent() {
        assertThat(AuthenticatorVerdict.allow().reasons()).isEmpty();
        assertThat(AuthenticatorVerdict.allow().messageKey()).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AuthenticatorVerdict.refuse("x", List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
