package io.github.zerotrust.keycloak.fido;

import static io.github.zerotrust.keycloak.fido.testing.TestBlobs.report;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.zerotrust.keycloak.fido.testing.TestBlobs;
import io.github.zerotrust.keycloak.fido.testing.TestBlobs.Entry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.cert.CertificateEncodingException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetadataSourceTest {

    private static final Instant START = Instant.parse("2026-06-10T10:00:00Z");
    private static final LocalDate TODAY = LocalDate.parse("2026-06-10");
    private static final Aaguid KEY = Aaguid.of("cb69481e-8ff7-4039-93ec-0a2729a154a8");
    private static final TestBlobs SERVICE = TestBlobs.es256();
    private static final TestBlobs STRANGER = TestBlobs.es256();
    private static final Duration CHECK_EVERY = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    Path file;
    MutableClock clock;

    @BeforeEach
    void firstBlob() throws IOException {
        file = dir.resolve("blob.jwt");
        clock = new MutableClock(START);
        write(SERVICE.blob(1, TODAY.plusDays(30), List.of(Entry.of(KEY, "Key", report("FIDO_CERTIFIED_L1", "2025-01-01")))), 1);
    }

    void write(String blob, int generation) throws IOException {
        Files.writeString(file, blob);
        // File systems keep coarse modification times; a replacement must look different even within one tick.
        Files.setLastModifiedTime(file, FileTime.from(START.plusSeconds(generation)));
    }

    MetadataSource open() throws MetadataBlobException {
        return MetadataSource.open(file, SERVICE.root(), clock, CHECK_EVERY);
    }

    @Test
    void servesTheVerifiedBlob() throws MetadataBlobException {
        MetadataSource.State state = open().current();

        assertThat(state.broken()).isFalse();
        assertThat(state.blob().orElseThrow().serialNumber()).isEqualTo(1);
    }

    @Test
    void refusesToOpenABlobSignedByAnotherService() throws IOException {
        write(STRANGER.blob(1, TODAY.plusDays(30), List.of()), 2);

        assertThatThrownBy(this::open).isInstanceOf(MetadataBlobException.class);
    }

    @Test
    void refusesToOpenAnExpiredBlob() throws IOException {
        write(SERVICE.blob(1, TODAY.minusDays(1), List.of()), 2);

        assertThatThrownBy(this::open).isInstanceOf(MetadataBlobException.class).hasMessageContaining("expired");
    }

    @Test
    void picksUpAReplacementAfterTheCheckInterval() throws Exception {
        MetadataSource source = open();
        write(SERVICE.blob(2, TODAY.plusDays(30), List.of(Entry.of(KEY, "Key", report("REVOKED", "2026-06-01")))), 2);

        clock.advance(CHECK_EVERY.minusSeconds(1));
        assertThat(source.current().blob().orElseThrow().serialNumber()).as("not looked at yet").isEqualTo(1);

        clock.advance(Duration.ofSeconds(1));
        MetadataBlob replaced = source.current().blob().orElseThrow();
        assertThat(replaced.serialNumber()).isEqualTo(2);
        assertThat(replaced.entry(KEY).orElseThrow().compromise()).isPresent();
    }

    @Test
    void aReplacementThatDoesNotVerifyBreaksTheMetadataAndTheGoodOneMendsIt() throws Exception {
        MetadataSource source = open();
        write(STRANGER.blob(2, TODAY.plusDays(30), List.of()), 2);
        clock.advance(CHECK_EVERY);

        MetadataSource.State broken = source.current();
        assertThat(broken.broken()).isTrue();
        assertThat(broken.blob()).isEmpty();

        write(SERVICE.blob(3, TODAY.plusDays(30), List.of()), 3);
        clock.advance(CHECK_EVERY);
        assertThat(source.current().blob().orElseThrow().serialNumber()).isEqualTo(3);
    }

    @Test
    void anOlderBlobPutBackIsRefusedLikeABadOneUntilACurrentOneReturns() throws Exception {
        write(SERVICE.blob(5, TODAY.plusDays(30), List.of(Entry.of(KEY, "Key", report("REVOKED", "2026-06-01")))), 2);
        MetadataSource source = open();
        // An older, genuinely signed BLOB from before the model was revoked.
        write(SERVICE.blob(4, TODAY.plusDays(30), List.of(Entry.of(KEY, "Key", report("FIDO_CERTIFIED_L1", "2025-01-01")))), 3);
        clock.advance(CHECK_EVERY);

        MetadataSource.State rolledBack = source.current();
        assertThat(rolledBack.broken()).isTrue();
        assertThat(rolledBack.blob()).isEmpty();
        assertThat(rolledBack.problem()).hasValueSatisfying(p -> assertThat(p)
                .contains("no. 4").contains("older than no. 5").contains("refused"));

        write(SERVICE.blob(5, TODAY.plusDays(30), List.of()), 4);
        clock.advance(CHECK_EVERY);
        assertThat(source.current().blob().orElseThrow().serialNumber()).as("the same number again is fine").isEqualTo(5);
        write(SERVICE.blob(6, TODAY.plusDays(30), List.of()), 5);
        clock.advance(CHECK_EVERY);
        assertThat(source.current().blob().orElseThrow().serialNumber()).isEqualTo(6);
    }

    @Test
    void theHighestNumberSeenSurvivesABrokenReplacementInBetween() throws Exception {
        write(SERVICE.blob(5, TODAY.plusDays(30), List.of()), 2);
        MetadataSource source = open();
        write("not a JWT", 3);
        clock.advance(CHECK_EVERY);
        assertThat(source.current().broken()).isTrue();

        write(SERVICE.blob(3, TODAY.plusDays(30), List.of()), 4);
        clock.advance(CHECK_EVERY);

        assertThat(source.current().problem()).hasValueSatisfying(p -> assertThat(p).contains("older than no. 5"));
    }

    @Test
    void aFreshStartTakesWhateverVerifiedBlobTheFileHolds() throws Exception {
        write(SERVICE.blob(5, TODAY.plusDays(30), List.of()), 2);
        open();
        write(SERVICE.blob(4, TODAY.plusDays(30), List.of()), 3);

        // The highest number is kept in memory only: a restarted node cannot tell a restore from a rollback.
        assertThat(open().current().blob().orElseThrow().serialNumber()).isEqualTo(4);
    }

    @Test
    void aDeletedFileBreaksTheMetadata() throws Exception {
        MetadataSource source = open();
        Files.delete(file);
        clock.advance(CHECK_EVERY);

        assertThat(source.current().problem()).hasValueSatisfying(p -> assertThat(p).contains("cannot be read"));
    }

    @Test
    void aBlobPastItsNextUpdateBreaksTheMetadataWithoutAnyChangeToTheFile() throws Exception {
        MetadataSource source = open();

        clock.advance(Duration.ofDays(31));

        assertThat(source.current().problem()).hasValueSatisfying(p -> assertThat(p).contains("expired"));
    }

    @Test
    void brokenMetadataMakesThePolicyRefuseEveryCredential() {
        Fido2Policy policy = Fido2Policy.of(AuthenticatorPolicy.defaults(), MetadataSource.State.broken("signature does not verify"));

        AuthenticatorVerdict verdict = policy.check(new RegisteredAuthenticator(KEY, "packed", true));

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.reasonNames()).containsExactly("metadata-unavailable");
    }

    @Test
    void noMetadataLeavesAPolicyWithoutMetadataRulesAlone() {
        Fido2Policy policy = Fido2Policy.of(AuthenticatorPolicy.defaults(), MetadataSource.State.none());

        assertThat(policy.check(new RegisteredAuthenticator(KEY, "none", false)).allowed()).isTrue();
    }

    @Test
    void readsTheRootCertificateInPemAndDer() throws Exception {
        Path der = dir.resolve("root.der");
        Files.write(der, SERVICE.root().getEncoded());
        Path pem = dir.resolve("root.pem");
        Files.writeString(pem, pem(SERVICE.root().getEncoded()));

        assertThat(MetadataSource.certificate(der)).isEqualTo(SERVICE.root());
        assertThat(MetadataSource.certificate(pem)).isEqualTo(SERVICE.root());
    }

    @Test
    void aRootCertificateThatIsNotOneIsAClearError() throws IOException {
        Path junk = dir.resolve("root.pem");
        Files.writeString(junk, "not a certificate");

        assertThatThrownBy(() -> MetadataSource.certificate(junk)).isInstanceOf(MetadataBlobException.class)
                .hasMessageContaining("root certificate");
    }

    private static String pem(byte[] der) throws CertificateEncodingException {
        return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END CERTIFICATE-----\n";
    }

    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
