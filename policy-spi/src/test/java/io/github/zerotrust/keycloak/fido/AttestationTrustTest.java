package io.github.zerotrust.keycloak.fido;

import static io.github.zerotrust.keycloak.fido.testing.TestBlobs.report;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.zerotrust.keycloak.fido.testing.TestBlobs;
import io.github.zerotrust.keycloak.fido.testing.TestBlobs.Entry;
import io.github.zerotrust.keycloak.fido.testing.TestCertificates;
import io.github.zerotrust.keycloak.fido.testing.TestCertificates.Issued;
import io.github.zerotrust.keycloak.fido.testing.TestCertificates.KeyType;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * An attestation is trusted only when its chain leads to a root the metadata lists for that model.
 * Certificates are real ones made by the test: a vendor root, its attestation CA and an attestation
 * certificate, and an attacker's look-alike hierarchy.
 */
class AttestationTrustTest {

    private static final Aaguid YUBIKEY = Aaguid.of("cb69481e-8ff7-4039-93ec-0a2729a154a8");
    private static final Aaguid FEITIAN = Aaguid.of("ee882879-721c-4913-9775-3dfcce97072a");
    private static final Aaguid UNLISTED = Aaguid.of("08987058-cadc-4b81-b6e1-30de50dcbe96");
    private static final Instant NOW = Instant.parse("2026-06-10T10:00:00Z");

    private static final Issued VENDOR_ROOT = TestCertificates.root("Yubico U2F Root CA Serial 457200631", KeyType.EC);
    private static final Issued VENDOR_CA = TestCertificates.intermediate("Yubico Attestation CA 1", VENDOR_ROOT, KeyType.EC);
    private static final Issued KEY = TestCertificates.signer("Yubico U2F EE Serial 1", VENDOR_CA, KeyType.EC);
    private static final Issued OTHER_VENDOR_ROOT = TestCertificates.root("Feitian FIDO Root CA", KeyType.EC);
    private static final Issued OTHER_KEY = TestCertificates.signer("Feitian FIDO EE", OTHER_VENDOR_ROOT, KeyType.EC);
    // A software key's maker can issue itself anything, names included.
    private static final Issued FAKE_ROOT = TestCertificates.root("Yubico U2F Root CA Serial 457200631", KeyType.EC);
    private static final Issued FAKE_CA = TestCertificates.intermediate("Yubico Attestation CA 1", FAKE_ROOT, KeyType.EC);
    private static final Issued FAKE_KEY = TestCertificates.signer("Yubico U2F EE Serial 1", FAKE_CA, KeyType.EC);

    private static final MetadataBlob BLOB = blob(
            Entry.of(YUBIKEY, "YubiKey 5", report("FIDO_CERTIFIED_L2", "2024-01-01")).withRoots(VENDOR_ROOT.certificate()),
            Entry.of(FEITIAN, "Feitian BioPass", report("FIDO_CERTIFIED_L1", "2024-01-01"))
                    .withRoots(OTHER_VENDOR_ROOT.certificate()));

    private static MetadataBlob blob(Entry... entries) {
        TestBlobs service = TestBlobs.es256();
        try {
            return MetadataBlob.verify(service.blob(7, LocalDate.parse("2026-07-01"), List.of(entries)), service.root(), NOW);
        } catch (MetadataBlobException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<X509Certificate> chain(Issued... certificates) {
        return java.util.Arrays.stream(certificates).map(Issued::certificate).toList();
    }

    private static Fido2Policy policy(AuthenticatorPolicy rules) {
        return new Fido2Policy(rules, Optional.of(BLOB));
    }

    private static boolean trusted(Aaguid aaguid, List<X509Certificate> chain, Instant at) {
        return policy(AuthenticatorPolicy.defaults()).authenticator(aaguid, "packed", chain, at).attestationTrusted();
    }

    @Nested
    class Chains {

        @Test
        void aChainThroughTheVendorsCaToTheListedRootIsTrusted() {
            assertThat(trusted(YUBIKEY, chain(KEY, VENDOR_CA), NOW)).isTrue();
        }

        @Test
        void aChainThatCarriesTheRootItselfIsTrusted() {
            assertThat(trusted(YUBIKEY, chain(KEY, VENDOR_CA, VENDOR_ROOT), NOW)).isTrue();
        }

        @Test
        void aChainMissingItsIntermediateIsNotTrusted() {
            assertThat(trusted(YUBIKEY, chain(KEY), NOW)).isFalse();
        }

        @Test
        void aMetadataRootMayBeTheIntermediateOrTheAttestationCertificateItself() {
            assertThat(AttestationTrust.leadsToRoot(chain(KEY), List.of(VENDOR_CA.certificate()), NOW)).isTrue();
            assertThat(AttestationTrust.leadsToRoot(chain(KEY), List.of(KEY.certificate()), NOW)).isTrue();
        }

        @Test
        void aLookAlikeHierarchyWithTheSameNamesIsNotTrusted() {
            assertThat(trusted(YUBIKEY, chain(FAKE_KEY, FAKE_CA), NOW)).isFalse();
            assertThat(trusted(YUBIKEY, chain(FAKE_KEY, FAKE_CA, FAKE_ROOT), NOW)).isFalse();
        }

        @Test
        void aGenuineChainOfAnotherModelDoesNotProveThisOne() {
            assertThat(trusted(FEITIAN, chain(OTHER_KEY), NOW)).isTrue();
            assertThat(trusted(YUBIKEY, chain(OTHER_KEY), NOW)).isFalse();
            assertThat(trusted(FEITIAN, chain(KEY, VENDOR_CA), NOW)).isFalse();
        }

        @Test
        void selfAttestationAndNoneHaveNoChainAndAreNeverTrusted() {
            assertThat(trusted(YUBIKEY, List.of(), NOW)).isFalse();
            assertThat(trusted(YUBIKEY, null, NOW)).isFalse();
            assertThat(policy(AuthenticatorPolicy.defaults()).authenticator(YUBIKEY, "none", List.of(), NOW)
                    .attestationTrusted()).isFalse();
        }

        @Test
        void certificatesMustHaveBeenValidWhenTheKeyWasRegistered() {
            // The test certificates are valid from 2020 to 2045.
            assertThat(trusted(YUBIKEY, chain(KEY, VENDOR_CA), Instant.parse("2019-06-01T00:00:00Z"))).isFalse();
            assertThat(trusted(YUBIKEY, chain(KEY, VENDOR_CA), Instant.parse("2046-01-01T00:00:00Z"))).isFalse();
            assertThat(trusted(YUBIKEY, chain(KEY, VENDOR_CA), null)).isFalse();
        }

        @Test
        void aModelTheMetadataDoesNotListCannotBeTrusted() {
            assertThat(trusted(UNLISTED, chain(KEY, VENDOR_CA), NOW)).isFalse();
        }

        @Test
        void withoutMetadataOrWithBrokenMetadataNothingIsTrusted() {
            assertThat(new Fido2Policy(AuthenticatorPolicy.defaults(), Optional.empty())
                    .authenticator(YUBIKEY, "packed", chain(KEY, VENDOR_CA), NOW).attestationTrusted()).isFalse();
            assertThat(Fido2Policy.of(AuthenticatorPolicy.defaults(), MetadataSource.State.broken("expired"))
                    .authenticator(YUBIKEY, "packed", chain(KEY, VENDOR_CA), NOW).attestationTrusted()).isFalse();
        }
    }

    /** A software key with packed self attestation that claims to be a listed, certified model. */
    @Nested
    class ASelfAttestedKeyClaimingAListedModel {

        private final AuthenticatorPolicy allowList = new AuthenticatorPolicy(Set.of(YUBIKEY), Set.of(), false,
                CertificationLevel.NONE, true, false);
        private final AuthenticatorPolicy attestationRequired = new AuthenticatorPolicy(Set.of(), Set.of(), true,
                CertificationLevel.NONE, true, false);
        private final AuthenticatorPolicy levelRequired = new AuthenticatorPolicy(Set.of(), Set.of(), false,
                CertificationLevel.L1, true, false);

        private AuthenticatorVerdict selfAttested(AuthenticatorPolicy rules) {
            Fido2Policy fido = policy(rules);
            return fido.check(fido.authenticator(YUBIKEY, "packed", List.of(), NOW));
        }

        private AuthenticatorVerdict genuine(AuthenticatorPolicy rules) {
            Fido2Policy fido = policy(rules);
            return fido.check(fido.authenticator(YUBIKEY, "packed", chain(KEY, VENDOR_CA), NOW));
        }

        @Test
        void isRefusedByTheAllowListWhereTheGenuineModelPasses() {
            AuthenticatorVerdict verdict = selfAttested(allowList);

            assertThat(verdict.allowed()).isFalse();
            assertThat(verdict.reasonNames()).containsExactly("aaguid-unproven");
            assertThat(verdict.messageKey()).contains(AuthenticatorVerdict.NOT_ALLOWED);
            assertThat(genuine(allowList).allowed()).isTrue();
        }

        @Test
        void isRefusedWhereAttestationIsRequired() {
            assertThat(selfAttested(attestationRequired).reasonNames()).containsExactly("attestation-untrusted");
            assertThat(genuine(attestationRequired).allowed()).isTrue();
        }

        @Test
        void isRefusedWhereACertificationLevelIsRequired() {
            assertThat(selfAttested(levelRequired).reasonNames()).containsExactly("aaguid-unproven");
            assertThat(genuine(levelRequired).allowed()).isTrue();
        }

        @Test
        void theLookAlikeHierarchyIsRefusedEverywhereToo() {
            for (AuthenticatorPolicy rules : List.of(allowList, attestationRequired, levelRequired)) {
                Fido2Policy fido = policy(rules);
                assertThat(fido.check(fido.authenticator(YUBIKEY, "packed", chain(FAKE_KEY, FAKE_CA, FAKE_ROOT), NOW))
                        .allowed()).isFalse();
            }
        }
    }
}
