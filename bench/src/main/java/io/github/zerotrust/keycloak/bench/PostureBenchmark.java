package io.github.zerotrust.keycloak.bench;

import io.github.zerotrust.keycloak.device.Compliance;
import io.github.zerotrust.keycloak.device.ComplianceBaseline;
import io.github.zerotrust.keycloak.device.ComplianceVerdict;
import io.github.zerotrust.keycloak.device.OsVersion;
import io.github.zerotrust.keycloak.device.Platform;
import io.github.zerotrust.keycloak.device.Posture;
import io.github.zerotrust.keycloak.device.PostureClaims;
import io.github.zerotrust.keycloak.risk.DeviceThreat;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
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
 * What judging one device costs: a realm baseline with a minimum OS for every platform and a grace
 * period, overridden by a condition, against a compliant Windows laptop, a Mac that fails six checks
 * (in grace since an hour), and the claims of a posture token mapped and judged.
 */
@State(Scope.Thread)
@BenchmarkMode({Mode.SampleTime, Mode.AverageTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PostureBenchmark {

    private static final Instant NOW = Instant.parse("2026-06-10T10:00:00Z");

    private ComplianceBaseline baseline;
    private Posture compliant;
    private Posture failing;
    private Optional<Instant> failingSince;
    private Map<String, Object> claims;

    @Setup(Level.Trial)
    public void setUp() {
        baseline = ComplianceBaseline.parse(Map.of(
                        ComplianceBaseline.MIN_OS_WINDOWS, "10.0.22631",
                        ComplianceBaseline.MIN_OS_MACOS, "14.0",
                        ComplianceBaseline.MIN_OS_IOS, "17.1.2",
                        ComplianceBaseline.MIN_OS_ANDROID, "14",
                        ComplianceBaseline.MIN_OS_LINUX, "6.5",
                        ComplianceBaseline.GRACE_HOURS, "72"))
                .overriddenBy(Map.of(ComplianceBaseline.MAX_THREAT, "medium",
                        ComplianceBaseline.MAX_POSTURE_AGE_HOURS, "12"));

        compliant = Posture.from(Posture.REGISTRY).deviceId("LAPTOP-7Q2K9M").platform(Platform.WINDOWS)
                .osVersion(OsVersion.of("10.0.22631.3593")).diskEncrypted(true).firewallOn(true).antivirusRunning(true)
                .antivirusSignaturesUpdatedAt(NOW.minus(Duration.ofHours(20))).screenLock(true).threat(DeviceThreat.CLEAR)
                .managed(true).reportedAt(NOW.minus(Duration.ofMinutes(40))).build();
        // Old OS; encryption, firewall, antivirus and screen lock off; old signatures: every message is formatted.
        failing = Posture.from(Posture.REGISTRY).deviceId("MBP-ALEX").platform(Platform.MACOS)
                .osVersion(OsVersion.of("13.6.7 (22G720)")).diskEncrypted(false).firewallOn(false)
                .antivirusRunning(false).antivirusSignaturesUpdatedAt(NOW.minus(Duration.ofDays(12))).screenLock(false)
                .threat(DeviceThreat.LOW).managed(true)
                .reportedAt(NOW.minus(Duration.ofHours(2))).build();
        failingSince = Optional.of(NOW.minus(Duration.ofHours(1)));

        claims = new HashMap<>();
        claims.put("sub", "LAPTOP-7Q2K9M");
        claims.put("platform", "windows");
        claims.put("os_version", "10.0.22631.3593");
        claims.put("disk_encrypted", true);
        claims.put("firewall", true);
        claims.put("av_running", true);
        claims.put("av_signatures_at", NOW.minus(Duration.ofHours(20)).getEpochSecond());
        claims.put("screen_lock", true);
        claims.put("jailbroken", false);
        claims.put("threat", "clear");
        claims.put("managed", true);
        claims.put("iat", NOW.minus(Duration.ofMinutes(5)).getEpochSecond());
        claims.put("exp", NOW.plus(Duration.ofMinutes(55)).getEpochSecond());

        if (evaluateCompliant().status() != ComplianceVerdict.Status.COMPLIANT
                || evaluateFailing().status() != ComplianceVerdict.Status.IN_GRACE
                || evaluateFailing().failures().size() != 6 || tokenClaims().status() != ComplianceVerdict.Status.COMPLIANT) {
            throw new IllegalStateException("The benchmark postures no longer judge as intended.");
        }
    }

    @Benchmark
    public ComplianceVerdict evaluateCompliant() {
        return Compliance.evaluate(compliant, baseline, NOW, Optional.empty());
    }

    @Benchmark
    public ComplianceVerdict evaluateFailing() {
        return Compliance.evaluate(failing, baseline, NOW, failingSince);
    }

    /** The signed-token path of a sign-in: claims mapped to a posture (versions and dates parsed), then judged. */
    @Benchmark
    public ComplianceVerdict tokenClaims() {
        return Compliance.evaluate(PostureClaims.posture(claims), baseline, NOW, Optional.empty());
    }
}
