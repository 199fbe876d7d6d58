package io.github.zerotrust.keycloak.device;

import io.github.zerotrust.keycloak.risk.DeviceThreat;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Judges a {@link Posture} against a {@link ComplianceBaseline}. Every check runs, so the verdict
 * names every problem. Fail closed: a check whose fact was not reported fails ("not reported");
 * a check fails only on what it requires, so a switched-off requirement, a platform without a minimum
 * version or a maximum threat of {@code HIGH} never fails, and checks that do not apply to the platform
 * ({@link Check#appliesTo}) are skipped.
 *
 * <p>Grace, as Intune does it: when a device falls out of compliance only on fixable settings
 * ({@link Failure#graceable()}), it stays in until {@code nonCompliantSince + gracePeriod} (exclusive).
 * The caller stores {@link ComplianceVerdict#nonCompliantSince()} and passes it back on the next
 * evaluation; passing none starts the grace period now.
 */
public final class Compliance {

    /** How far ahead of our clock a posture's time may be before it counts as dated in the future. */
    public static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private Compliance() {
    }

    public static ComplianceVerdict evaluate(Posture posture, ComplianceBaseline baseline, Instant now,
                                             Optional<Instant> nonCompliantSince) {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(nonCompliantSince, "nonCompliantSince");
        List<Failure> failures = new ArrayList<>(4);
        Optional<Platform> platform = posture.platform();

        if (platform.isEmpty()) {
            failures.add(Failure.notReported(Check.PLATFORM));
        } else if (!baseline.allowedPlatforms().contains(platform.get())) {
            String name = platform.get().displayName();
            failures.add(Failure.of(Check.PLATFORM, name + " devices are not allowed", name));
        }
        // Without a platform there is no minimum to compare with; the platform check has already failed.
        platform.ifPresent(p -> baseline.minimumOsVersion(p).ifPresent(minimum -> {
            String name = p.displayName();
            if (posture.osVersion().isEmpty()) {
                failures.add(Failure.notReported(Check.OS_VERSION, name));
            } else if (posture.osVersion().get().isBelow(minimum)) {
                String version = posture.osVersion().get().toString();
                failures.add(Failure.of(Check.OS_VERSION, name + " " + version + " is below the required " + minimum,
                        name, version, minimum.toString()));
            }
        }));
        expect(failures, baseline.requireDiskEncryption(), Check.DISK_ENCRYPTION, platform, posture.diskEncrypted(),
                true, "Disk encryption is off");
        expect(failures, baseline.requireFirewall(), Check.FIREWALL, platform, posture.firewallOn(), true,
                "The firewall is off");
        expect(failures, baseline.requireAntivirus(), Check.ANTIVIRUS, platform, posture.antivirusRunning(), true,
                "Antivirus is not running");
        if (baseline.requireAntivirus() && !baseline.maxSignatureAge().isZero()
                && Check.ANTIVIRUS_SIGNATURES.appliesTo(platform)) {
            signatures(failures, posture.antivirusSignaturesUpdatedAt(), baseline.maxSignatureAge(), now);
        }
        expect(failures, baseline.requireScreenLock(), Check.SCREEN_LOCK, platform, posture.screenLock(), true,
                "Screen lock is off");
        expect(failures, baseline.refuseJailbroken(), Check.JAILBROKEN, platform, posture.jailbroken(), false,
                "The device is jailbroken or rooted");
        if (baseline.maxThreat() != DeviceThreat.HIGH) {
            threat(failures, posture.threat(), baseline.maxThreat());
        }
        if (posture.mdmCompliance().isPresent()) {
            MdmCompliance state = posture.mdmCompliance().get();
            if (!state.countsAsCompliant()) {
                failures.add(Failure.of(Check.MDM_COMPLIANCE, "The device management service reports the device as "
                        + state.graphName(), state.graphName()));
            }
        } else if (baseline.requireMdmCompliance()) {
            failures.add(Failure.notReported(Check.MDM_COMPLIANCE));
        }
        age(failures, posture.reportedAt(), baseline.maxPostureAge(), now);

        return verdict(failures, baseline.gracePeriod(), now, nonCompliantSince);
    }

    private static ComplianceVerdict verdict(List<Failure> failures, Duration grace, Instant now,
                                             Optional<Instant> nonCompliantSince) {
        if (failures.isEmpty()) {
            return ComplianceVerdict.compliant();
        }
        // A start in the future (another node's clock) counts as now, which can only shorten the grace.
        Instant since = nonCompliantSince.filter(s -> !s.isAfter(now)).orElse(now);
        if (!grace.isZero() && failures.stream().allMatch(Failure::graceable)) {
            Instant ends = since.plus(grace);
            if (now.isBefore(ends)) {
                return ComplianceVerdict.inGrace(failures, since, ends);
            }
        }
        return ComplianceVerdict.nonCompliant(failures, since);
    }

    private static void expect(List<Failure> failures, boolean required, Check check, Optional<Platform> platform,
                               Optional<Boolean> fact, boolean expected, String failedText) {
        if (!required || !check.appliesTo(platform)) {
            return;
        }
        if (fact.isEmpty()) {
            failures.add(Failure.notReported(check));
        } else if (fact.get() != expected) {
            failures.add(Failure.of(check, failedText));
        }
    }

    private static void signatures(List<Failure> failures, Optional<Instant> updatedAt, Duration maximum, Instant now) {
        if (updatedAt.isEmpty()) {
            failures.add(Failure.notReported(Check.ANTIVIRUS_SIGNATURES));
            return;
        }
        Duration age = Duration.between(updatedAt.get(), now);
        if (age.compareTo(maximum) > 0) {
            String days = String.valueOf(ceil(age, Duration.ofDays(1)));
            String allowed = String.valueOf(maximum.toDays());
            failures.add(Failure.of(Check.ANTIVIRUS_SIGNATURES, "Antivirus signatures are " + days
                    + " days old (at most " + allowed + " allowed)", days, allowed));
        }
    }

    private static void threat(List<Failure> failures, Optional<DeviceThreat> threat, DeviceThreat maximum) {
        if (threat.isEmpty()) {
            failures.add(Failure.notReported(Check.THREAT));
        } else if (threat.get().compareTo(maximum) > 0) {
            String level = threat.get().name().toLowerCase(Locale.ROOT);
            String allowed = maximum.name().toLowerCase(Locale.ROOT);
            failures.add(Failure.of(Check.THREAT, "The device reports a " + level + " threat (at most " + allowed
                    + " allowed)", level, allowed));
        }
    }

    private static void age(List<Failure> failures, Optional<Instant> reportedAt, Duration maximum, Instant now) {
        if (reportedAt.isEmpty()) {
            failures.add(Failure.notReported(Check.POSTURE_AGE));
            return;
        }
        Duration age = Duration.between(reportedAt.get(), now);
        if (age.compareTo(CLOCK_SKEW.negated()) < 0) {
            // Never fresh forever: a report dated ahead is a clock fault or a forgery, not a good posture.
            failures.add(new Failure(Check.POSTURE_AGE, Check.POSTURE_FROM_FUTURE_KEY, List.of(),
                    "The device report is dated in the future"));
        } else if (age.compareTo(maximum) > 0) {
            String hours = String.valueOf(ceil(age, Duration.ofHours(1)));
            String allowed = String.valueOf(maximum.toHours());
            failures.add(Failure.of(Check.POSTURE_AGE, "The device posture is " + hours + " hours old (at most "
                    + allowed + " allowed)", hours, allowed));
        }
    }

    // Rounded up, so a failing age never reads as the allowed maximum ("8 days old (at most 7)").
    private static long ceil(Duration age, Duration unit) {
        long seconds = age.getSeconds() + (age.getNano() > 0 ? 1 : 0);
        return (seconds + unit.getSeconds() - 1) / unit.getSeconds();
    }
}
