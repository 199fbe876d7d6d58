package io.github.zerotrust.keycloak.fido;

import static io.github.zerotrust.keycloak.fido.testing.TestBlobs.report;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.zerotrust.keycloak.fido.testing.TestBlobs;
import io.github.zerotrust.keycloak.fido.testing.TestBlobs.Entry;
import io.github.zerotrust.keycloak.fido.testing.TestCertificates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class MetadataBlobTest {

    private static final Instant NOW = Instant.parse("2026-06-10T10:00:00Z");
    private static final LocalDate TODAY = LocalDate.parse("2026-06-10");
    private static final Aaguid YUBIKEY = Aaguid.of("cb69481e-8ff7-4039-93ec-0a2729a154a8");
    private static final Aaguid SOLO = Aaguid.of("8876631b-d4a0-427f-5773-0ec71c9e0279");
    private static final List<Entry> ENTRIES = List.of(
            Entry.of(YUBIKEY, "YubiKey 5", report("FIDO_CERTIFIED_L2", "2025-01-01")),
            Entry.of(SOLO, "Solo", report("FIDO_CERTIFIED_L1", "2024-01-01"),
                    report("ATTESTATION_KEY_COMPROMISE", "2026-03-01")));

    // Key generation is the slow part; one Metadata Service per algorithm for the whole class.
    private static final TestBlobs RSA = TestBlobs.rs256();
    private static final TestBlobs EC = TestBlobs.es256();
    private static final TestBlobs STRANGER = TestBlobs.es256();

    static Stream<TestBlobs> services() {
        return Stream.of(RSA, EC);
    }

    private static String valid() {
        return EC.blob(7, TODAY.plusDays(30), ENTRIES);
    }

    @Nested
    class Valid {

        @ParameterizedTest
        @MethodSource("io.github.zerotrust.keycloak.fido.MetadataBlobTest#services")
        void aBlobSignedByTheRootsSignerIsRead(TestBlobs service) throws MetadataBlobException {
            MetadataBlob blob = MetadataBlob.verify(service.blob(42, TODAY.plusDays(30), ENTRIES), service.root(), NOW);

            assertThat(blob.serialNumber()).isEqualTo(42);
            assertThat(blob.nextUpdate()).isEqualTo(TODAY.plusDays(30));
            assertThat(blob.size()).isEqualTo(2);
            MetadataEntry yubikey = blob.entry(YUBIKEY).orElseThrow();
            assertThat(yubikey.description()).isEqualTo("YubiKey 5");
            assertThat(yubikey.certificationLevel()).isEqualTo(CertificationLevel.L2);
            assertThat(yubikey.attestationRootCertificates()).containsExactly(service.root());
            assertThat(blob.entry(SOLO).orElseThrow().compromised()).isTrue();
            assertThat(blob.entry(Aaguid.NONE)).isEmpty();
        }

        @Test
        void aBlobDueForReplacementTodayIsStillValid() throws MetadataBlobException {
            assertThat(MetadataBlob.verify(EC.blob(1, TODAY, ENTRIES), EC.root(), NOW).nextUpdate()).isEqualTo(TODAY);
        }

        @Test
        void theRootMayBeIncludedInTheChain() throws MetadataBlobException {
            String header = TestBlobs.header("ES256", List.of(EC.signerCertificate(), EC.root()));
            String jws = EC.sign(header, EC.payload(3, TODAY, ENTRIES));
            assertThat(MetadataBlob.verify(jws, EC.root(), NOW).serialNumber()).isEqualTo(3);
        }

        @Test
        void unknownFieldsAndEntriesWithoutAnAaguidAreIgnored() throws MetadataBlobException {
            String payload = "{\"legalHeader\":\"x\",\"no\":5,\"nextUpdate\":\"2026-07-01\",\"future\":{\"a\":1},"
                    + "\"entries\":[{\"attestationCertificateKeyIdentifiers\":[\"abc\"]},{\"aaguid\":\"not-one\"},"
                    + "{\"aaguid\":\"" + YUBIKEY + "\",\"statusReports\":[{\"status\":\"FIDO_CERTIFIED_L1\","
                    + "\"effectiveDate\":\"2025-01-01\",\"certificationDescriptor\":\"x\"}],"
                    + "\"metadataStatement\":{\"description\":\"YubiKey 5\",\"attestationRootCertificates\":[\"%%%\"]}}]}";
            MetadataBlob blob = MetadataBlob.verify(EC.sign(payload), EC.root(), NOW);
            assertThat(blob.size()).isEqualTo(1);
            assertThat(blob.entry(YUBIKEY).orElseThrow().attestationRootCertificates())
                    .as("an unreadable root is skipped").isEmpty();
        }

        @Test
        void isReadFromAFile(@TempDir Path dir) throws IOException, MetadataBlobException {
            Path file = Files.writeString(dir.resolve("blob.jwt"), valid() + "\n");
            assertThat(MetadataBlob.read(file, EC.root(), NOW).serialNumber()).isEqualTo(7);
        }
    }

    @Nested
    class Refused {

        @Test
        void anExpiredBlob() {
            assertThatThrownBy(() -> MetadataBlob.verify(EC.blob(9, TODAY.minusDays(1), ENTRIES), EC.root(), NOW))
                    .isInstanceOf(MetadataBlobException.class)
                    .hasMessageContaining("expired").hasMessageContaining("2026-06-09");
        }

        @Test
        void aBlobSignedUnderAnotherRoot() {
            assertThatThrownBy(() -> MetadataBlob.verify(STRANGER.blob(1, TODAY, ENTRIES), EC.root(), NOW))
                    .isInstanceOf(MetadataBlobException.class)
                    .hasMessageContaining("does not lead to the configured root certificate");
        }

        @Test
        void aTamperedPayload() {
            String[] parts = valid().split("\\.");
            String forged = EC.payload(7, TODAY.plusDays(30), List.of(Entry.of(SOLO, "Solo",
                    report("FIDO_CERTIFIED_L3", "2026-06-01"))));
            String jws = parts[0] + "." + TestBlobs.base64Url(forged) + "." + parts[2];
            assertThatThrownBy(() -> MetadataBlob.verify(jws, EC.root(), NOW))
                    .isInstanceOf(MetadataBlobException.class).hasMessageContaining("signature does not match");
        }

        @Test
        void aSignatureOfTheWrongLength() {
            String[] parts = valid().split("\\.");
            String jws = parts[0] + "." + parts[1] + "." + parts[2].substring(0, 20);
            assertThatThrownBy(() -> MetadataBlob.verify(jws, EC.root(), NOW))
                    .isInstanceOf(MetadataBlobException.class).hasMessageContaining("64");
        }

        @ParameterizedTest
        @ValueSource(strings = {"none", "HS256", "RS512", ""})
        void anUnsupportedAlgorithm(String alg) {
            String header = TestBlobs.header(alg, List.of(EC.signerCertificate()));
            String jws = EC.sign(header, EC.payload(1, TODAY, ENTRIES));
            assertThatThrownBy(() -> MetadataBlob.verify(jws, EC.root(), NOW))
                    .isInstanceOf(MetadataBlobException.class)
                    .hasMessageContaining("alg '" + alg + "'").hasMessageContaining("only RS256 and ES256");
        }

        @Test
        void anUnsignedBlob() {
            String jws = TestBlobs.base64Url("{\"alg\":\"none\"}") + "." + TestBlobs.base64Url(EC.payload(1, TODAY, ENTRIES)) + ".";
            assertThatThrownBy(() -> MetadataBlob.verify(jws, EC.root(), NOW))
                    .isInstanceOf(MetadataBlobException.class).hasMessageContaining("not a JWS");
        }

        @Test
        void aHeaderWithoutX5c() {
            String jws = EC.sign(TestBlobs.header("ES256", null), EC.payload(1, TODAY, ENTRIES));
            assertThatThrownBy(() -> MetadataBlob.verify(jws, EC.root(), NOW))
                    .isInstanceOf(MetadataBlobException.class).hasMessageContaining("no x5c");
        }

        @Test
        void anX5cWithOnlyTheRoot() {
            String jws = EC.sign(TestBlobs.header("ES256", List.of(EC.root())), EC.payload(1, TODAY, ENTRIES));
            assertThatThrownBy(() -> MetadataBlob.verify(jws, EC.root(), NOW))
                    .isInstanceOf(MetadataBlobException.class).hasMessageContaining("signing certificate is missing");
        }

        @ParameterizedTest
        @ValueSource(strings = {"[\"bm90IGEgY2VydA==\"]", "[\"%%%\"]", "[42]", "\"MIIB\"", "[]"})
        void anUnreadableX5c(String x5c) {
            String jws = EC.sign("{\"alg\":\"ES256\",\"x5c\":" + x5c + "}", EC.payload(1, TODAY, ENTRIES));
            assertThatThrownBy(() -> MetadataBlob.verify(jws, EC.root(), NOW))
                    .isInstanceOf(MetadataBlobException.class).hasMessageContaining("x5c");
        }

        @ParameterizedTest
        @ValueSource(strings = {"garbage", "a.b", "a.b.c.d", "...", "eyJhbGciOiJFUzI1NiJ9", "!!!.???.###",
            "bm90IGpzb24.e30.AAAA", "W10.e30.AAAA"})
        void garbage(String text) {
            assertThatThrownBy(() -> MetadataBlob.verify(text, EC.root(), NOW)).isInstanceOf(MetadataBlobException.class)
                    .hasMessageStartingWith("The metadata BLOB");
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "   "})
        void anEmptyBlob(String text) {
            assertThatThrownBy(() -> MetadataBlob.verify(text, EC.root(), NOW))
                    .isInstanceOf(MetadataBlobException.class).hasMessageContaining("empty");
        }

        @Test
        void aTruncatedBlob() {
            String jws = valid();
            assertThatThrownBy(() -> MetadataBlob.verify(jws.substring(0, jws.length() / 2), EC.root(), NOW))
                    .isInstanceOf(MetadataBlobException.class);
            assertThatThrownBy(() -> MetadataBlob.verify(jws.substring(0, jws.length() - 5), EC.root(), NOW))
                    .isInstanceOf(MetadataBlobException.class);
        }

        @ParameterizedTest
        @ValueSource(strings = {"[]", "{\"no\":1}", "{\"no\":\"seven\",\"nextUpdate\":\"2026-07-01\"}",
            "{\"no\":1,\"nextUpdate\":\"next week\"}", "{\"no\":1,\"nextUpdate\":\"2026-07-01\",\"entries\":{}}", "not json"})
        void aSignedPayloadThatIsNotMds3(String payload) {
            assertThatThrownBy(() -> MetadataBlob.verify(EC.sign(payload), EC.root(), NOW))
                    .isInstanceOf(MetadataBlobException.class).hasMessageContaining("payload");
        }

        @Test
        void anOversizedBlob() {
            String huge = "a".repeat((int) MetadataBlob.MAX_SIZE + 1);
            assertThatThrownBy(() -> MetadataBlob.verify(huge, EC.root(), NOW))
                    .isInstanceOf(MetadataBlobException.class).hasMessageContaining("larger than 20 MB");
        }

        @Test
        void anOversizedFileBeforeReadingIt(@TempDir Path dir) throws IOException {
            Path file = dir.resolve("huge.jwt");
            try (var channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.CREATE_NEW,
                    java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.SPARSE)) {
                channel.write(java.nio.ByteBuffer.wrap(new byte[] {'a'}), MetadataBlob.MAX_SIZE);
            }
            assertThatThrownBy(() -> MetadataBlob.read(file, EC.root(), NOW))
                    .isInstanceOf(MetadataBlobException.class).hasMessageContaining("larger than 20 MB");
        }

        @Test
        void aMissingFile(@TempDir Path dir) {
            assertThatThrownBy(() -> MetadataBlob.read(dir.resolve("missing.jwt"), EC.root(), NOW))
                    .isInstanceOf(MetadataBlobException.class).hasMessageContaining("cannot be read");
        }

        @Test
        void anRsaSignerUnderAnEs256Header() {
            TestBlobs rsa = RSA;
            String header = TestBlobs.header("ES256", List.of(rsa.signerCertificate()));
            String jws = rsa.sign(header, rsa.payload(1, TODAY, ENTRIES));
            assertThatThrownBy(() -> MetadataBlob.verify(jws, rsa.root(), NOW))
                    .isInstanceOf(MetadataBlobException.class);
        }
    }

    @Test
    void testCertificatesAreVersion3CaAndSigner() {
        assertThat(EC.root().getVersion()).isEqualTo(3);
        assertThat(EC.root().getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(EC.signerCertificate().getBasicConstraints()).isEqualTo(-1);
        assertThat(Base64.getEncoder().encodeToString(TestCertificates.root("x", TestCertificates.KeyType.RSA)
                .certificate().getPublicKey().getEncoded())).isNotEmpty();
    }
}
