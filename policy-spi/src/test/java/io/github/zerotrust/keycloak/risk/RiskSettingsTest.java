package io.github.zerotrust.keycloak.risk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RiskSettingsTest {

    private static RiskSettings parse(String key, String value) {
        Map<String, String> config = new HashMap<>();
        config.put(key, value);
        return RiskSettings.parse(config);
    }

    @Nested
    class Defaults {

        private final RiskSettings settings = RiskSettings.defaults();

        @Test
        void weights() {
            assertThat(settings.weights()).isEqualTo(new SignalWeights(25, 30, 60, 15, 30, 40, 50));
        }

        @Test
        void thresholdsAndHistory() {
            assertThat(settings.mediumThreshold()).isEqualTo(30);
            assertThat(settings.highThreshold()).isEqualTo(60);
            assertThat(settings.historySize()).isEqualTo(50);
            assertThat(settings.historyRetention()).isEqualTo(Duration.ofDays(90));
            assertThat(settings.hashAddresses()).isFalse();
        }

        @Test
        void signals() {
            assertThat(settings.impossibleTravel()).isEqualTo(new ImpossibleTravel.Settings(800, 100, false, Set.of()));
            assertThat(settings.unusualHour()).isEqualTo(new UnusualHour.Settings(UnusualHour.Mode.LEARNED,
                    EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(7, 0), LocalTime.of(19, 0),
                    ZoneId.of("UTC"), 10));
            assertThat(settings.failureVelocity()).isEqualTo(new FailureVelocity.Settings(5, 20, Duration.ofMinutes(15)));
            assertThat(settings.anonymisingNetwork()).isEqualTo(new AnonymisingNetwork.Settings(Set.of(), Set.of()));
            assertThat(settings.deviceThreat().minimum()).isEqualTo(DeviceThreat.MEDIUM);
        }

        @Test
        void parsingNothingGivesTheDefaults() {
            assertThat(RiskSettings.parse(Map.of())).isEqualTo(settings);
            assertThat(RiskSettings.parse(null)).isEqualTo(settings);
        }

        @Test
        void keysAreRealmAttributesUnderZtRisk() {
            assertThat(RiskSettings.WEIGHT_NEW_DEVICE).isEqualTo("zt.risk.weight.new-device");
            assertThat(RiskSettings.WEIGHT_DEVICE_THREAT).isEqualTo("zt.risk.weight.device-threat");
            assertThat(RiskSettings.THRESHOLD_MEDIUM).isEqualTo("zt.risk.threshold.medium");
            assertThat(RiskSettings.TRAVEL_MAX_SPEED_KMH).isEqualTo("zt.risk.impossible-travel.max-speed-kmh");
            assertThat(RiskSettings.TRAVEL_UNKNOWN_ACCURACY_KM).isEqualTo("zt.risk.impossible-travel.unknown-accuracy-km");
            assertThat(RiskSettings.TRAVEL_SAME_COUNTRY_KM).isEqualTo("zt.risk.impossible-travel.same-country-km");
        }

        @Test
        void radiusLessLocationsAreAccurateTo100KmAndSameCountryHopsUpTo500KmAreNotJudged() {
            assertThat(settings.impossibleTravel().unknownAccuracyKm()).isEqualTo(100);
            assertThat(settings.impossibleTravel().sameCountryKm()).isEqualTo(500);
        }
    }

    @Nested
    class Values {

        @Test
        void readsEverySetting() {
            var settings = RiskSettings.parse(Map.ofEntries(
                    Map.entry(RiskSettings.WEIGHT_NEW_DEVICE, "10"),
                    Map.entry(RiskSettings.WEIGHT_ANONYMISING_NETWORK, " 70 "),
                    Map.entry(RiskSettings.THRESHOLD_MEDIUM, "40"),
                    Map.entry(RiskSettings.THRESHOLD_HIGH, "80"),
                    Map.entry(RiskSettings.TRAVEL_MAX_SPEED_KMH, "805"),
                    Map.entry(RiskSettings.TRAVEL_MIN_DISTANCE_KM, "250"),
                    Map.entry(RiskSettings.TRAVEL_SAME_ASN_EXEMPT, "true"),
                    Map.entry(RiskSettings.TRAVEL_EXCEPTION_ZONES, "vpn-egress, Branch office"),
                    Map.entry(RiskSettings.TRAVEL_UNKNOWN_ACCURACY_KM, "50"),
                    Map.entry(RiskSettings.TRAVEL_SAME_COUNTRY_KM, "0"),
                    Map.entry(RiskSettings.HOUR_MODE, "Window"),
                    Map.entry(RiskSettings.HOUR_DAYS, "SAT-MON"),
                    Map.entry(RiskSettings.HOUR_START, "08:30"),
                    Map.entry(RiskSettings.HOUR_END, "17:45"),
                    Map.entry(RiskSettings.HOUR_ZONE, "Europe/London"),
                    Map.entry(RiskSettings.HOUR_MIN_LEARNED_HISTORY, "20"),
                    Map.entry(RiskSettings.FAILURE_USER_THRESHOLD, "3"),
                    Map.entry(RiskSettings.FAILURE_ADDRESS_THRESHOLD, "50"),
                    Map.entry(RiskSettings.FAILURE_WINDOW_MINUTES, "60"),
                    Map.entry(RiskSettings.ANONYMISER_ASNS, "AS9009,60068;as12876 not-an-asn"),
                    Map.entry(RiskSettings.HOSTING_ASNS, "16509\n14061"),
                    Map.entry(RiskSettings.DEVICE_THREAT_MINIMUM, "high"),
                    Map.entry(RiskSettings.HISTORY_SIZE, "20"),
                    Map.entry(RiskSettings.HISTORY_RETENTION_DAYS, "30"),
                    Map.entry(RiskSettings.HISTORY_HASH_ADDRESSES, "true")));

            assertThat(settings.weights().newDevice()).isEqualTo(10);
            assertThat(settings.weights().anonymisingNetwork()).isEqualTo(70);
            assertThat(settings.mediumThreshold()).isEqualTo(40);
            assertThat(settings.highThreshold()).isEqualTo(80);
            // Zone names may hold spaces, so only commas, semicolons and line breaks separate them.
            assertThat(settings.impossibleTravel()).isEqualTo(new ImpossibleTravel.Settings(805, 250, true,
                    Set.of("vpn-egress", "branch office"), 50, 0));
            assertThat(settings.unusualHour()).isEqualTo(new UnusualHour.Settings(UnusualHour.Mode.WINDOW,
                    EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY, DayOfWeek.MONDAY), LocalTime.of(8, 30),
                    LocalTime.of(17, 45), ZoneId.of("Europe/London"), 20));
            assertThat(settings.failureVelocity()).isEqualTo(new FailureVelocity.Settings(3, 50, Duration.ofHours(1)));
            assertThat(settings.anonymisingNetwork()).isEqualTo(new AnonymisingNetwork.Settings(
                    Set.of(9009L, 60068L, 12876L), Set.of(16509L, 14061L)));
            assertThat(settings.deviceThreat().minimum()).isEqualTo(DeviceThreat.HIGH);
            assertThat(settings.historySize()).isEqualTo(20);
            assertThat(settings.historyRetention()).isEqualTo(Duration.ofDays(30));
            assertThat(settings.hashAddresses()).isTrue();
        }

        @Test
        void readsDayListsAndFullNames() {
            assertThat(parse(RiskSettings.HOUR_DAYS, "mon,wednesday, FRI").unusualHour().days())
                    .containsExactlyInAnyOrder(DayOfWeek.MONDAY, DayOfWeek.WEDNESDAY, DayOfWeek.FRIDAY);
        }
    }

    @Nested
    class Clamping {

        @ParameterizedTest(name = "{0} = {1} gives {2}")
        @CsvSource({
            "zt.risk.weight.new-device, -5, 0",
            "zt.risk.weight.new-device, 101, 100",
            "zt.risk.weight.new-device, 99999999999999, 100",
            "zt.risk.impossible-travel.max-speed-kmh, 50, 100",
            "zt.risk.impossible-travel.max-speed-kmh, 9000, 5000",
            "zt.risk.impossible-travel.min-distance-km, -1, 0",
            "zt.risk.impossible-travel.min-distance-km, 3000, 2000",
            "zt.risk.impossible-travel.unknown-accuracy-km, -1, 0",
            "zt.risk.impossible-travel.unknown-accuracy-km, 5000, 1000",
            "zt.risk.impossible-travel.same-country-km, -1, 0",
            "zt.risk.impossible-travel.same-country-km, 99999, 5000",
            "zt.risk.failure-velocity.user-threshold, 0, 1",
            "zt.risk.history.size, 500, 200",
            "zt.risk.history.size, 0, 1",
            "zt.risk.history.retention-days, 0, 1",
            "zt.risk.unusual-hour.min-learned-history, 0, 1",
        })
        void clampsNumbersToTheirRange(String key, String value, int expected) {
            var settings = parse(key, value);

            int actual = switch (key) {
                case RiskSettings.WEIGHT_NEW_DEVICE -> settings.weights().newDevice();
                case RiskSettings.TRAVEL_MAX_SPEED_KMH -> settings.impossibleTravel().maxSpeedKmh();
                case RiskSettings.TRAVEL_MIN_DISTANCE_KM -> settings.impossibleTravel().minDistanceKm();
                case RiskSettings.TRAVEL_UNKNOWN_ACCURACY_KM -> settings.impossibleTravel().unknownAccuracyKm();
                case RiskSettings.TRAVEL_SAME_COUNTRY_KM -> settings.impossibleTravel().sameCountryKm();
                case RiskSettings.FAILURE_USER_THRESHOLD -> settings.failureVelocity().userThreshold();
                case RiskSettings.HISTORY_SIZE -> settings.historySize();
                case RiskSettings.HISTORY_RETENTION_DAYS -> (int) settings.historyRetention().toDays();
                case RiskSettings.HOUR_MIN_LEARNED_HISTORY -> settings.unusualHour().minLearnedHistory();
                default -> throw new IllegalArgumentException(key);
            };
            assertThat(actual).isEqualTo(expected);
        }

        @ParameterizedTest(name = "medium {0}, high {1} -> {2}, {3}")
        @CsvSource({
            "30, 60, 30, 60",
            "70, 60, 70, 71",
            "60, 60, 60, 61",
            "100, 100, 99, 100",
            "0, 1, 1, 2",
            "1, 1, 1, 2",
            "50, 150, 50, 100",
        })
        void keepsMediumBelowHigh(String medium, String high, int expectedMedium, int expectedHigh) {
            var settings = RiskSettings.parse(Map.of(RiskSettings.THRESHOLD_MEDIUM, medium,
                    RiskSettings.THRESHOLD_HIGH, high));

            assertThat(settings.mediumThreshold()).isEqualTo(expectedMedium);
            assertThat(settings.highThreshold()).isEqualTo(expectedHigh);
        }

        @Test
        void deviceThreatMinimumClearIsNarrowedToLow() {
            assertThat(parse(RiskSettings.DEVICE_THREAT_MINIMUM, "CLEAR").deviceThreat().minimum())
                    .isEqualTo(DeviceThreat.LOW);
        }
    }

    @Nested
    class Garbage {

        @ParameterizedTest(name = "{0} = ''{1}'' gives the default")
        @CsvSource({
            "zt.risk.weight.new-device, twenty",
            "zt.risk.weight.new-device, 2.5",
            "zt.risk.threshold.medium, ''",
            "zt.risk.impossible-travel.same-asn-exempt, maybe",
            "zt.risk.unusual-hour.mode, sometimes",
            "zt.risk.unusual-hour.days, MON-XYZ",
            "zt.risk.unusual-hour.days, M",
            "zt.risk.unusual-hour.start, 25:00",
            "zt.risk.unusual-hour.end, noon",
            "zt.risk.unusual-hour.zone, Mars/Olympus_Mons",
            "zt.risk.device-threat.minimum, severe",
            "zt.risk.history.retention-days, 1e3",
        })
        void unreadableValuesFallBackToTheDefault(String key, String value) {
            assertThat(parse(key, value)).isEqualTo(RiskSettings.defaults());
        }

        @Test
        void neverThrowsOnRandomInput() {
            Random random = new Random(42);
            String[] keys = {RiskSettings.WEIGHT_NEW_DEVICE, RiskSettings.THRESHOLD_MEDIUM, RiskSettings.THRESHOLD_HIGH,
                RiskSettings.TRAVEL_MAX_SPEED_KMH, RiskSettings.TRAVEL_EXCEPTION_ZONES, RiskSettings.HOUR_MODE,
                RiskSettings.HOUR_DAYS, RiskSettings.HOUR_START, RiskSettings.HOUR_END, RiskSettings.HOUR_ZONE,
                RiskSettings.FAILURE_WINDOW_MINUTES, RiskSettings.ANONYMISER_ASNS, RiskSettings.DEVICE_THREAT_MINIMUM,
                RiskSettings.HISTORY_SIZE, RiskSettings.HISTORY_RETENTION_DAYS};
            String alphabet = "0123456789-+:,; ASMONFRIasmonfri/_.\n\u00e9";
            for (int i = 0; i < 5_000; i++) {
                Map<String, String> config = new HashMap<>();
                for (String key : keys) {
                    if (random.nextBoolean()) {
                        StringBuilder value = new StringBuilder();
                        for (int c = random.nextInt(12); c > 0; c--) {
                            value.append(alphabet.charAt(random.nextInt(alphabet.length())));
                        }
                        config.put(key, value.toString());
                    }
                }
                var settings = RiskSettings.parse(config);

                assertThat(settings.mediumThreshold()).isLessThan(settings.highThreshold());
            }
        }
    }

    @ParameterizedTest(name = "score {0} with thresholds 30/60 is {1}")
    @CsvSource({"0, LOW", "29, LOW", "30, MEDIUM", "59, MEDIUM", "60, HIGH", "100, HIGH"})
    void levelOfAScoreOnAThresholdIsThatLevel(int score, RiskLevel level) {
        assertThat(RiskSettings.defaults().levelOf(score)).isEqualTo(level);
    }
}
