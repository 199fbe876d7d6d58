package io.github.zerotrust.keycloak.device;

import io.github.zerotrust.keycloak.config.ConfigMap;
import io.github.zerotrust.keycloak.risk.DeviceThreat;
import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a device must show to count as compliant, read once from the realm's {@code zt.device.*}
 * attributes and overridable per condition ({@link #overriddenBy}). {@link #read} never throws: an
 * unreadable value gives the default (or the overridden baseline's value) and is named in the problems,
 * a number out of range is clamped and named too, so the admin endpoints can refuse what sign-ins
 * tolerate.
 *
 * @param minimumOsVersions     the lowest OS version per platform; a platform without one has no minimum
 * @param allowedPlatforms      devices of other platforms are refused; empty allows none
 * @param maxSignatureAge       how old antivirus signatures may be; zero does not check them
 * @param maxThreat             the highest device threat accepted; {@code HIGH} accepts any, so does not check
 * @param maxPostureAge         how old the posture may be (positive)
 * @param gracePeriod           how long a device that fell out of compliance on a fixable setting stays in; zero for none
 * @param requireMdmCompliance  refuse a posture without the MDM's own compliance state (a reported one always counts)
 */
public record ComplianceBaseline(Map<Platform, OsVersion> minimumOsVersions, Set<Platform> allowedPlatforms,
                                 boolean requireDiskEncryption, boolean requireFirewall, boolean requireAntivirus,
                                 Duration maxSignatureAge, boolean requireScreenLock, boolean refuseJailbroken,
                                 DeviceThreat maxThreat, Duration maxPostureAge, Duration gracePeriod,
                                 boolean requireMdmCompliance) {

    public static final String PREFIX = "zt.device.";
    public static final String MIN_OS_WINDOWS = PREFIX + "min-os.windows";
    public static final String MIN_OS_MACOS = PREFIX + "min-os.macos";
    public static final String MIN_OS_IOS = PREFIX + "min-os.ios";
    public static final String MIN_OS_ANDROID = PREFIX + "min-os.android";
    public static final String MIN_OS_LINUX = PREFIX + "min-os.linux";
    public static final String ALLOWED_PLATFORMS = PREFIX + "allowed-platforms";
    public static final String REQUIRE_DISK_ENCRYPTION = PREFIX + "require-disk-encryption";
    public static final String REQUIRE_FIREWALL = PREFIX + "require-firewall";
    public static final String REQUIRE_ANTIVIRUS = PREFIX + "require-antivirus";
    public static final String MAX_SIGNATURE_AGE_DAYS = PREFIX + "max-signature-age-days";
    public static final String REQUIRE_SCREEN_LOCK = PREFIX + "require-screen-lock";
    public static final String REFUSE_JAILBROKEN = PREFIX + "refuse-jailbroken";
    public static final String MAX_THREAT = PREFIX + "max-threat";
    public static final String MAX_POSTURE_AGE_HOURS = PREFIX + "max-posture-age-hours";
    public static final String GRACE_HOURS = PREFIX + "grace-hours";
    /** Finer than hours, and wins when set: for short windows (a first rollout, a drill). */
    public static final String GRACE_MINUTES = PREFIX + "grace-minutes";
    public static final String REQUIRE_MDM_COMPLIANCE = PREFIX + "require-mdm-compliance";

    /** Every key, for admin endpoints that accept exactly these. */
    public static final List<String> KEYS = List.of(MIN_OS_WINDOWS, MIN_OS_MACOS, MIN_OS_IOS, MIN_OS_ANDROID,
            MIN_OS_LINUX, ALLOWED_PLATFORMS, REQUIRE_DISK_ENCRYPTION, REQUIRE_FIREWALL, REQUIRE_ANTIVIRUS,
            MAX_SIGNATURE_AGE_DAYS, REQUIRE_SCREEN_LOCK, REFUSE_JAILBROKEN, MAX_THREAT, MAX_POSTURE_AGE_HOURS,
            GRACE_HOURS, GRACE_MINUTES, REQUIRE_MDM_COMPLIANCE);

    public static final int MAX_SIGNATURE_AGE_DAYS_LIMIT = 365;
    public static final int MAX_POSTURE_AGE_HOURS_LIMIT = 8_760;
    public static final int GRACE_HOURS_LIMIT = 720;

    private static final ComplianceBaseline DEFAULTS = new ComplianceBaseline(Map.of(), EnumSet.allOf(Platform.class),
            true, true, true, Duration.ofDays(7), true, true, DeviceThreat.LOW, Duration.ofHours(24), Duration.ZERO,
            false);

    public ComplianceBaseline {
        minimumOsVersions = Map.copyOf(minimumOsVersions);
        allowedPlatforms = Set.copyOf(allowedPlatforms);
        Objects.requireNonNull(maxThreat, "maxThreat");
        if (maxSignatureAge.isNegative() || gracePeriod.isNegative()) {
            throw new IllegalArgumentException("The signature age and grace period cannot be negative.");
        }
        if (maxPostureAge.isNegative() || maxPostureAge.isZero()) {
            throw new IllegalArgumentException("The maximum posture age must be positive.");
        }
    }

    /** The key of a platform's minimum OS version: {@code zt.device.min-os.macos}. */
    public static String minOsKey(Platform platform) {
        return PREFIX + "min-os." + platform.key();
    }

    /** No minimum OS, all platforms, every protection required, signatures 7 days, threat low, posture 24 h, no grace. */
    public static ComplianceBaseline defaults() {
        return DEFAULTS;
    }

    /** The baseline and what could not be read, for a warning in the log or a refusal in the admin endpoint. */
    public record Parsed(ComplianceBaseline baseline, List<String> problems) {
        public Parsed {
            problems = List.copyOf(problems);
        }
    }

    public static ComplianceBaseline parse(Map<String, String> config) {
        return read(config).baseline();
    }

    public static Parsed read(Map<String, String> config) {
        return DEFAULTS.readOver(config);
    }

    /**
     * This baseline with the keys present in a condition's config applied on top; absent or blank keys
     * keep this baseline's value. {@code read(conditionConfig).problems()} validates such a config.
     */
    public ComplianceBaseline overriddenBy(Map<String, String> conditionConfig) {
        return readOver(conditionConfig).baseline();
    }

    public Optional<OsVersion> minimumOsVersion(Platform platform) {
        return Optional.ofNullable(minimumOsVersions.get(platform));
    }

    /** Minutes win over hours; a config naming neither keeps this baseline's grace (minutes included). */
    private Duration grace(ConfigMap in, Map<String, String> config) {
        String minutes = config == null ? null : config.get(GRACE_MINUTES);
        String hours = config == null ? null : config.get(GRACE_HOURS);
        if (minutes != null && !minutes.isBlank()) {
            return Duration.ofMinutes(in.number(GRACE_MINUTES, (int) gracePeriod.toMinutes(), 0, GRACE_HOURS_LIMIT * 60));
        }
        if (hours != null && !hours.isBlank()) {
            return Duration.ofHours(in.number(GRACE_HOURS, (int) gracePeriod.toHours(), 0, GRACE_HOURS_LIMIT));
        }
        return gracePeriod;
    }

    private Parsed readOver(Map<String, String> config) {
        ConfigMap in = ConfigMap.of(config, MAX_TEXT_LENGTH);
        Map<Platform, OsVersion> minimums = new EnumMap<>(Platform.class);
        for (Platform platform : Platform.values()) {
            minimum(in, minOsKey(platform), minimumOsVersion(platform)).ifPresent(v -> minimums.put(platform, v));
        }
        ComplianceBaseline baseline = new ComplianceBaseline(minimums,
                platforms(in, ALLOWED_PLATFORMS, allowedPlatforms),
                in.flag(REQUIRE_DISK_ENCRYPTION, requireDiskEncryption),
                in.flag(REQUIRE_FIREWALL, requireFirewall),
                in.flag(REQUIRE_ANTIVIRUS, requireAntivirus),
                Duration.ofDays(in.number(MAX_SIGNATURE_AGE_DAYS, (int) maxSignatureAge.toDays(), 0,
                        MAX_SIGNATURE_AGE_DAYS_LIMIT)),
                in.flag(REQUIRE_SCREEN_LOCK, requireScreenLock),
                in.flag(REFUSE_JAILBROKEN, refuseJailbroken),
                threat(in, MAX_THREAT, maxThreat),
                Duration.ofHours(in.number(MAX_POSTURE_AGE_HOURS, (int) maxPostureAge.toHours(), 1,
                        MAX_POSTURE_AGE_HOURS_LIMIT)),
                grace(in, config),
                in.flag(REQUIRE_MDM_COMPLIANCE, requireMdmCompliance));
        return new Parsed(baseline, in.problems());
    }

    /** Longer values are ignored (and reported): no baseline value needs more. */
    static final int MAX_TEXT_LENGTH = 1_000;

    private static DeviceThreat threat(ConfigMap in, String key, DeviceThreat fallback) {
        Optional<String> text = in.text(key);
        Optional<DeviceThreat> threat = text.flatMap(DeviceThreat::parse);
        if (text.isPresent() && threat.isEmpty()) {
            in.problem(key, "'" + ConfigMap.abbreviated(text.get()) + "' is not a threat level (clear, low, medium, high); using "
                    + fallback.name().toLowerCase(Locale.ROOT));
        }
        return threat.orElse(fallback);
    }

    /** A minimum version, or {@code none} to have none (so that a condition can waive the realm's). */
    private static Optional<OsVersion> minimum(ConfigMap in, String key, Optional<OsVersion> fallback) {
        Optional<String> text = in.text(key);
        if (text.isEmpty()) {
            return fallback;
        }
        if (text.get().equalsIgnoreCase("none")) {
            return Optional.empty();
        }
        try {
            return Optional.of(OsVersion.of(text.get()));
        } catch (IllegalArgumentException malformed) {
            in.problem(key, malformed.getMessage() + " Using " + fallback.map(OsVersion::toString).orElse("none"));
            return fallback;
        }
    }

    /**
     * Platforms separated by commas, semicolons or line breaks (a name such as {@code Mac OS X} holds
     * spaces). An unreadable entry is skipped; a list with no readable entry allows no platform at all,
     * since falling back to "all" would let through what the admin meant to restrict.
     */
    private static Set<Platform> platforms(ConfigMap in, String key, Set<Platform> fallback) {
        Optional<String> text = in.text(key);
        if (text.isEmpty()) {
            return fallback;
        }
        Set<Platform> platforms = EnumSet.noneOf(Platform.class);
        for (String item : text.get().split("\\s*[,;\\n]\\s*")) {
            if (item.isBlank()) {
                continue;
            }
            Platform.parse(item).ifPresentOrElse(platforms::add, () -> in.problem(key, "'" + ConfigMap.abbreviated(item)
                    + "' is not a platform (windows, macos, ios, android, linux); skipped"));
        }
        if (platforms.isEmpty()) {
            in.problem(key, "no readable platform; no device is allowed until it is fixed");
        }
        return platforms;
    }
}
