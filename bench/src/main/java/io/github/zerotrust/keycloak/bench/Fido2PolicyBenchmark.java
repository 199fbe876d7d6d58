package io.github.zerotrust.keycloak.bench;

import io.github.zerotrust.keycloak.fido.Aaguid;
import io.github.zerotrust.keycloak.fido.AuthenticatorPolicy;
import io.github.zerotrust.keycloak.fido.AuthenticatorVerdict;
import io.github.zerotrust.keycloak.fido.CertificationLevel;
import io.github.zerotrust.keycloak.fido.Fido2Policy;
import io.github.zerotrust.keycloak.fido.MetadataBlob;
import io.github.zerotrust.keycloak.fido.MetadataBlobException;
import io.github.zerotrust.keycloak.fido.RegisteredAuthenticator;
import io.github.zerotrust.keycloak.fido.testing.TestBlobs;
import io.github.zerotrust.keycloak.fido.testing.TestBlobs.Entry;
import io.github.zerotrust.keycloak.fido.testing.TestBlobs.Report;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What judging one credential costs: 100 allowed and 20 denied AAGUIDs, a minimum level of L1 and a
 * verified BLOB of 1,000 authenticators, with certification and compromise histories of a few reports.
 * The credentials mix allowed, denied, unlisted, compromised and uncertified models, so every rule both
 * passes and refuses.
 */
@State(Scope.Thread)
@BenchmarkMode({Mode.SampleTime, Mode.AverageTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class Fido2PolicyBenchmark {

    private static final int ENTRIES = 1_000;
    // A power of two, so cycling is a mask.
    private static final int CREDENTIALS = 256;
    private static final Instant NOW = Instant.parse("2026-06-10T10:00:00Z");
    private static final String[] LEVELS = {"FIDO_CERTIFIED_L1", "FIDO_CERTIFIED_L1plus", "FIDO_CERTIFIED_L2",
        "FIDO_CERTIFIED_L2plus", "FIDO_CERTIFIED_L3"};

    private Fido2Policy policy;
    private RegisteredAuthenticator[] credentials;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws MetadataBlobException {
        Random random = new Random(42);
        List<Aaguid> models = new ArrayList<>();
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < ENTRIES; i++) {
            Aaguid aaguid = new Aaguid(new UUID(random.nextLong(), random.nextLong()));
            models.add(aaguid);
            List<Report> reports = new ArrayList<>();
            if (i % 10 != 0) {
                reports.add(TestBlobs.report(LEVELS[i % LEVELS.length], "2024-01-01"));
            }
            reports.add(TestBlobs.report("UPDATE_AVAILABLE", "2025-01-01"));
            if (i % 25 == 0) {
                reports.add(TestBlobs.report("USER_VERIFICATION_BYPASS", "2026-02-01"));
            }
            entries.add(new Entry(aaguid, "Authenticator " + i, reports));
        }
        TestBlobs service = TestBlobs.es256();
        MetadataBlob blob = MetadataBlob.verify(service.blob(1, LocalDate.parse("2026-07-01"), entries),
                service.root(), NOW);

        Set<Aaguid> allowed = new HashSet<>(models.subList(0, 100));
        Set<Aaguid> denied = new HashSet<>(models.subList(90, 110));
        policy = new Fido2Policy(new AuthenticatorPolicy(allowed, denied, true, CertificationLevel.L1, true, false),
                Optional.of(blob));

        credentials = new RegisteredAuthenticator[CREDENTIALS];
        for (int i = 0; i < CREDENTIALS; i++) {
            Aaguid aaguid = i % 8 == 7 ? new Aaguid(new UUID(random.nextLong(), random.nextLong()))
                    : models.get(random.nextInt(i % 2 == 0 ? 110 : ENTRIES));
            credentials[i] = new RegisteredAuthenticator(aaguid, i % 5 == 4 ? "none" : "packed", i % 5 != 4);
        }
    }

    @Benchmark
    public AuthenticatorVerdict check() {
        return policy.check(credentials[next++ & (CREDENTIALS - 1)]);
    }
}
