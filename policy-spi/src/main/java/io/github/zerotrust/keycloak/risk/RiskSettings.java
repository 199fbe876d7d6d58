package io.github.zerotrust.keycloak.risk;

import io.github.zerotrust.keycloak.config.ConfigMap;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Every risk setting of a realm, read once from its {@code zt.risk.*} attributes. {@link #parse}
 * never throws: missing or unreadable values give the default, numbers are clamped to their range.
 *
 * @param mediumThreshold  a score at or above this is MEDIUM (1 to 99)
 * @param highThreshold    a score at or above this is HIGH (2 to 100, always above medium)
 * @param historySize      how many past sign-ins are kept per user
 * @param historyRetention how long a past sign-in is kept
 * @param hashAddresses    whether the history stores a keyed hash instead of the address (see {@link AddressKey})
 */
public record RiskSettings(SignalWeights weights, int mediumThreshold, int highThreshold,
                           ImpossibleTravel.Settings impossibleTravel, UnusualHour.Settings unusualHour,
                           FailureVelocity.Settings failureVelocity, AnonymisingNetwork.Settings anonymisingNetwork,
                           DeviceThreatSignal.Settings deviceThreat, int historySize, Duration historyRetention,
                           boolean hashAddresses) {

    public static final String PREFIX = "zt.risk.";
    public static final String WEIGHT_NEW_DEVICE = PREFIX + "weight." + NewDevice.NAME;
    public static final String WEIGHT_NEW_COUNTRY = PREFIX + "weight." + NewCountry.NAME;
    public static final String WEIGHT_IMPOSSIBLE_TRAVEL = PREFIX + "weight." + ImpossibleTravel.NAME;
    public static final String WEIGHT_UNUSUAL_HOUR = PREFIX + "weight." + UnusualHour.NAME;
    public static final String WEIGHT_FAILURE_VELOCITY = PREFIX + "weight." + FailureVelocity.NAME;
    public static final String WEIGHT_ANONYMISING_NETWORK = PREFIX + "weight." + AnonymisingNetwork.NAME;
    public static final String WEIGHT_DEVICE_THREAT = PREFIX + "weight." + DeviceThreatSignal.NAME;
    public static final String THRESHOLD_MEDIUM = PREFIX + "threshold.medium";
    public static final String THRESHOLD_HIGH = PREFIX + "threshold.high";
    public static final String TRAVEL_MAX_SPEED_KMH = PREFIX + "impossible-travel.max-speed-kmh";
    public static final String TRAVEL_MIN_DISTANCE_KM = PREFIX + "impossible-travel.min-distance-km";
    public static final String TRAVEL_SAME_ASN_EXEMPT = PREFIX + "impossible-travel.same-asn-exempt";
    public static final String TRAVEL_EXCEPTION_ZONES = PREFIX + "impossible-travel.exception-zones";
    public static final String TRAVEL_UNKNOWN_ACCURACY_KM = PREFIX + "impossible-travel.unknown-accuracy-km";
    public static final String TRAVEL_SAME_COUNTRY_KM = PREFIX + "impossible-travel.same-country-km";
    public static final String HOUR_MODE = PREFIX + "unusual-hour.mode";
    public static final String HOUR_DAYS = PREFIX + "unusual-hour.days";
    public static final String HOUR_START = PREFIX + "unusual-hour.start";
    public static final String HOUR_END = PREFIX + "unusual-hour.end";
    public static final String HOUR_ZONE = PREFIX + "unusual-hour.zone";
    public static final String HOUR_MIN_LEARNED_HISTORY = PREFIX + "unusual-hour.min-learned-history";
    public static final String FAILURE_USER_THRESHOLD = PREFIX + "failure-velocity.user-threshold";
    public static final String FAILURE_ADDRESS_THRESHOLD = PREFIX + "failure-velocity.address-threshold";
    public static final String FAILURE_WINDOW_MINUTES = PREFIX + "failure-velocity.window-minutes";
    public static final String ANONYMISER_ASNS = PREFIX + "anonymising-network.anonymiser-asns";
    public static final String HOSTING_ASNS = PREFIX + "anonymising-network.hosting-asns";
    public static final String DEVICE_THREAT_MINIMUM = PREFIX + "device-threat.minimum";
    public static final String HISTORY_SIZE = PREFIX + "history.size";
    public static final String HISTORY_RETENTION_DAYS = PREFIX + "history.retention-days";
    public static final String HISTORY_HASH_ADDRESSES = PREFIX + "history.hash-addresses";

    public static final int MAX_HISTORY_SIZE = 200;
    public static final int MAX_EXCEPTION_ZONES = 200;

    private static final RiskSettings DEFAULTS = new RiskSettings(SignalWeights.DEFAULTS, 30, 60,
            ImpossibleTravel.Settings.DEFAULTS, UnusualHour.Settings.DEFAULTS, FailureVelocity.Settings.DEFAULTS,
            AnonymisingNetwork.Settings.DEFAULTS, DeviceThreatSignal.Settings.DEFAULTS, 50, Duration.ofDays(90),
            false);

    public RiskSettings {
        Objects.requireNonNull(weights, "weights");
        if (mediumThreshold < 1 || highThreshold > 100 || mediumThreshold >= highThreshold) {
            throw new IllegalArgumentException("Thresholds need 1 <= medium < high <= 100, not "
                    + mediumThreshold + " and " + highThreshold + ".");
        }
        Objects.requireNonNull(impossibleTravel, "impossibleTravel");
        Objects.requireNonNull(unusualHour, "unusualHour");
        Objects.requireNonNull(failureVelocity, "failureVelocity");
        Objects.requireNonNull(anonymisingNetwork, "anonymisingNetwork");
        Objects.requireNonNull(deviceThreat, "deviceThreat");
        if (historySize < 1 || historySize > MAX_HISTORY_SIZE) {
            throw new IllegalArgumentException("The history keeps 1 to " + MAX_HISTORY_SIZE + " sign-ins.");
        }
        if (historyRetention == null || historyRetention.isNegative() || historyRetention.isZero()) {
            throw new IllegalArgumentException("The history retention must be positive.");
        }
    }

    public static RiskSettings defaults() {
        return DEFAULTS;
    }

    public static RiskSettings parse(Map<String, String> config) {
        return read(config).value();
    }

    /** The settings and what could not be read of them. */
    public static ConfigMap.Checked<RiskSettings> read(Map<String, String> config) {
        ConfigMap in = ConfigMap.of(config);
        RiskSettings d = DEFAULTS;
        SignalWeights w = d.weights();
        SignalWeights weights = new SignalWeights(
                weight(in, WEIGHT_NEW_DEVICE, w.newDevice()), weight(in, WEIGHT_NEW_COUNTRY, w.newCountry()),
                weight(in, WEIGHT_IMPOSSIBLE_TRAVEL, w.impossibleTravel()), weight(in, WEIGHT_UNUSUAL_HOUR, w.unusualHour()),
                weight(in, WEIGHT_FAILURE_VELOCITY, w.failureVelocity()),
                weight(in, WEIGHT_ANONYMISING_NETWORK, w.anonymisingNetwork()),
                weight(in, WEIGHT_DEVICE_THREAT, w.deviceThreat()));
        int medium = in.number(THRESHOLD_MEDIUM, d.mediumThreshold(), 1, 99);
        // Medium at or above high would leave no MEDIUM band: keep the admin's medium, lift high past it.
        int high = Math.max(in.number(THRESHOLD_HIGH, d.highThreshold(), 2, 100), medium + 1);

        var travel = d.impossibleTravel();
        var hours = d.unusualHour();
        var failures = d.failureVelocity();
        var exceptionZones = new HashSet<>(in.names(TRAVEL_EXCEPTION_ZONES).stream().limit(MAX_EXCEPTION_ZONES).toList());
        return in.checked(new RiskSettings(weights, medium, high,
                new ImpossibleTravel.Settings(
                        in.number(TRAVEL_MAX_SPEED_KMH, travel.maxSpeedKmh(), 100, 5_000),
                        in.number(TRAVEL_MIN_DISTANCE_KM, travel.minDistanceKm(), 0, 2_000),
                        in.flag(TRAVEL_SAME_ASN_EXEMPT, travel.sameAsnExempt()),
                        exceptionZones,
                        in.number(TRAVEL_UNKNOWN_ACCURACY_KM, travel.unknownAccuracyKm(), 0, 1_000),
                        in.number(TRAVEL_SAME_COUNTRY_KM, travel.sameCountryKm(), 0, 5_000)),
                new UnusualHour.Settings(
                        in.value(HOUR_MODE, hours.mode(), text -> UnusualHour.Mode.parse(text).orElse(null)),
                        in.days(HOUR_DAYS, hours.days()),
                        in.time(HOUR_START, hours.start()),
                        in.time(HOUR_END, hours.end()),
                        in.zone(HOUR_ZONE, hours.zone()),
                        in.number(HOUR_MIN_LEARNED_HISTORY, hours.minLearnedHistory(), 1, MAX_HISTORY_SIZE)),
                new FailureVelocity.Settings(
                        in.number(FAILURE_USER_THRESHOLD, failures.userThreshold(), 1, 1_000),
                        in.number(FAILURE_ADDRESS_THRESHOLD, failures.addressThreshold(), 1, 100_000),
                        Duration.ofMinutes(in.number(FAILURE_WINDOW_MINUTES, (int) failures.window().toMinutes(), 1, 1_440))),
                new AnonymisingNetwork.Settings(in.asns(ANONYMISER_ASNS), in.asns(HOSTING_ASNS)),
                // CLEAR would fire on every healthy device, so it is narrowed to LOW.
                new DeviceThreatSignal.Settings(in.value(DEVICE_THREAT_MINIMUM, d.deviceThreat().minimum(),
                        text -> DeviceThreat.parse(text).map(t -> t == DeviceThreat.CLEAR ? DeviceThreat.LOW : t).orElse(null))),
                in.number(HISTORY_SIZE, d.historySize(), 1, MAX_HISTORY_SIZE),
                Duration.ofDays(in.number(HISTORY_RETENTION_DAYS, (int) d.historyRetention().toDays(), 1, 3_650)),
                in.flag(HISTORY_HASH_ADDRESSES, d.hashAddresses())));
    }

    private static int weight(ConfigMap in, String key, int fallback) {
        return in.number(key, fallback, 0, 100);
    }

    /** The level a score falls in; a score equal to a threshold is already at that level. */
    public RiskLevel levelOf(int score) {
        if (score >= highThreshold) {
            return RiskLevel.HIGH;
        }
        return score >= mediumThreshold ? RiskLevel.MEDIUM : RiskLevel.LOW;
    }

    /**
     * Each default as the text an admin would type, keyed like the settings: what the step's screen shows
     * (lists that are empty by default have no entry). Reading this map back gives {@link #defaults()}.
     */
    public static Map<String, String> defaultText() {
        RiskSettings d = DEFAULTS;
        SignalWeights w = d.weights();
        Map<String, String> text = new LinkedHashMap<>();
        text.put(WEIGHT_NEW_DEVICE, String.valueOf(w.newDevice()));
        text.put(WEIGHT_NEW_COUNTRY, String.valueOf(w.newCountry()));
        text.put(WEIGHT_IMPOSSIBLE_TRAVEL, String.valueOf(w.impossibleTravel()));
        text.put(WEIGHT_UNUSUAL_HOUR, String.valueOf(w.unusualHour()));
        text.put(WEIGHT_FAILURE_VELOCITY, String.valueOf(w.failureVelocity()));
        text.put(WEIGHT_ANONYMISING_NETWORK, String.valueOf(w.anonymisingNetwork()));
        text.put(WEIGHT_DEVICE_THREAT, String.valueOf(w.deviceThreat()));
        text.put(THRESHOLD_MEDIUM, String.valueOf(d.mediumThreshold()));
        text.put(THRESHOLD_HIGH, String.valueOf(d.highThreshold()));
        text.put(TRAVEL_MAX_SPEED_KMH, String.valueOf(d.impossibleTravel().maxSpeedKmh()));
        text.put(TRAVEL_MIN_DISTANCE_KM, String.valueOf(d.impossibleTravel().minDistanceKm()));
        text.put(TRAVEL_SAME_ASN_EXEMPT, String.valueOf(d.impossibleTravel().sameAsnExempt()));
        text.put(TRAVEL_UNKNOWN_ACCURACY_KM, String.valueOf(d.impossibleTravel().unknownAccuracyKm()));
        text.put(TRAVEL_SAME_COUNTRY_KM, String.valueOf(d.impossibleTravel().sameCountryKm()));
        UnusualHour.Settings hours = d.unusualHour();
        text.put(HOUR_MODE, hours.mode().name().toLowerCase(Locale.ROOT));
        text.put(HOUR_DAYS, hours.days().stream().sorted().map(day -> day.name().substring(0, 3))
                .collect(Collectors.joining(",")));
        text.put(HOUR_START, hours.start().toString());
        text.put(HOUR_END, hours.end().toString());
        text.put(HOUR_ZONE, hours.zone().getId());
        text.put(HOUR_MIN_LEARNED_HISTORY, String.valueOf(hours.minLearnedHistory()));
        text.put(FAILURE_USER_THRESHOLD, String.valueOf(d.failureVelocity().userThreshold()));
        text.put(FAILURE_ADDRESS_THRESHOLD, String.valueOf(d.failureVelocity().addressThreshold()));
        text.put(FAILURE_WINDOW_MINUTES, String.valueOf(d.failureVelocity().window().toMinutes()));
        text.put(DEVICE_THREAT_MINIMUM, d.deviceThreat().minimum().name().toLowerCase(Locale.ROOT));
        text.put(HISTORY_SIZE, String.valueOf(d.historySize()));
        text.put(HISTORY_RETENTION_DAYS, String.valueOf(d.historyRetention().toDays()));
        text.put(HISTORY_HASH_ADDRESSES, String.valueOf(d.hashAddresses()));
        return text;
    }
}
