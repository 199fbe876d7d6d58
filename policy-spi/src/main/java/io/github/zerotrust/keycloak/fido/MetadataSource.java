package io.github.zerotrust.keycloak.fido;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;

/**
 * The FIDO Metadata Service BLOB an operator keeps in a file, re-read when the file is replaced (the
 * FIDO Alliance publishes a new one about monthly) so no restart is needed. Between checks the
 * verified BLOB is served from memory; the file is looked at no more often than {@code checkEvery}.
 *
 * <p>A replacement that does not verify, or a BLOB whose {@code nextUpdate} has passed, makes the
 * metadata {@link State#broken() broken}: policies that rely on it then fail closed. So does a
 * replacement numbered lower than the highest BLOB this source has served: an older, genuinely
 * signed BLOB put back would bring back models reported compromised since. The highest number lives
 * in memory, per node: a restart takes whatever verified BLOB the file holds.
 */
public final class MetadataSource {

    /** What the policy can rely on right now: a verified, current BLOB, or why there is none. */
    public record State(Optional<MetadataBlob> blob, Optional<String> problem) {

        /** No BLOB configured: policies that need metadata fail closed, compromise checks are off. */
        public static State none() {
            return new State(Optional.empty(), Optional.empty());
        }

        public static State loaded(MetadataBlob blob) {
            return new State(Optional.of(blob), Optional.empty());
        }

        public static State broken(String problem) {
            return new State(Optional.empty(), Optional.of(problem));
        }

        public boolean broken() {
            return problem.isPresent();
        }
    }

    private record Seen(Instant modified, long size) {
    }

    private final Path file;
    private final X509Certificate root;
    private final Clock clock;
    private final Duration checkEvery;
    private volatile State state;
    private volatile Seen seen;
    private volatile Instant checkedAt;
    private volatile int highestSerial;

    private MetadataSource(Path file, X509Certificate root, Clock clock, Duration checkEvery) {
        this.file = file;
        this.root = root;
        this.clock = clock;
        this.checkEvery = checkEvery;
    }

    /**
     * Reads and verifies the BLOB now. Throws when it cannot be used, so a server configured with a
     * BLOB does not start without one (fail closed, and the operator sees why at once).
     */
    public static MetadataSource open(Path file, X509Certificate root, Clock clock, Duration checkEvery)
            throws MetadataBlobException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(root, "root");
        MetadataSource source = new MetadataSource(file, root, clock, checkEvery);
        Seen seen = source.look();
        source.seen = seen;
        source.checkedAt = clock.instant();
        MetadataBlob blob = MetadataBlob.read(file, root, clock.instant());
        source.state = State.loaded(blob);
        source.highestSerial = blob.serialNumber();
        return source;
    }

    /** Reads an X.509 certificate in PEM or DER form: the Metadata Service root the BLOB must chain to. */
    public static X509Certificate certificate(Path file) throws MetadataBlobException {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException | CertificateException | ClassCastException e) {
            throw new MetadataBlobException("The Metadata Service root certificate " + file + " cannot be read: "
                    + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    /** The current state, re-reading the file if it changed since the last look. */
    public State current() {
        Instant now = clock.instant();
        if (checkedAt.plus(checkEvery).isAfter(now)) {
            return expiredOr(state, now);
        }
        synchronized (this) {
            if (!checkedAt.plus(checkEvery).isAfter(now)) {
                checkedAt = now;
                reloadIfChanged(now);
            }
        }
        return expiredOr(state, now);
    }

    private void reloadIfChanged(Instant now) {
        Seen latest;
        try {
            latest = look();
        } catch (MetadataBlobException e) {
            state = State.broken(e.getMessage());
            seen = null;
            return;
        }
        if (latest.equals(seen)) {
            return;
        }
        seen = latest;
        MetadataBlob blob;
        try {
            blob = MetadataBlob.read(file, root, now);
        } catch (MetadataBlobException e) {
            state = State.broken(e.getMessage());
            return;
        }
        if (blob.serialNumber() < highestSerial) {
            state = State.broken("The metadata BLOB no. " + blob.serialNumber() + " in " + file + " is older than no. "
                    + highestSerial + " already in use, so it is refused: put the current BLOB back or a newer one");
            return;
        }
        highestSerial = blob.serialNumber();
        state = State.loaded(blob);
    }

    private static State expiredOr(State state, Instant now) {
        Optional<MetadataBlob> blob = state.blob();
        if (blob.isPresent() && blob.get().nextUpdate().isBefore(LocalDate.ofInstant(now, ZoneOffset.UTC))) {
            return State.broken("The metadata BLOB no. " + blob.get().serialNumber() + " expired: it was due to be "
                    + "replaced on " + blob.get().nextUpdate() + ". Download a current one from the FIDO Metadata Service.");
        }
        return state;
    }

    private Seen look() throws MetadataBlobException {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return new Seen(attributes.lastModifiedTime().toInstant(), attributes.size());
        } catch (IOException e) {
            throw new MetadataBlobException("The metadata BLOB " + file + " cannot be read: " + e.getMessage(), e);
        }
    }
}
