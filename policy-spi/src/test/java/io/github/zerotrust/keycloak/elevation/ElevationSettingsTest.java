package io.github.zerotrust.keycloak.elevation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ElevationSettingsTest {

    private static ElevationSettings.Parsed read(String key, String value) {
        Map<String, String> attributes = new HashMap<>();
        attributes.put(key, value);
        return ElevationSettings.read(attributes);
    }

    @Nested
    class Defaults {

        @Test
        void lapseADayNoticeTenMinutesExpiryEveryFiveSecondsFiveHundredCharactersNoPrivilegedRoles() {
            assertThat(ElevationSettings.defaults()).isEqualTo(new ElevationSettings(Duration.ofHours(24),
                    Duration.ofMinutes(10), Duration.ofSeconds(5), 500, Set.of()));
        }

        @Test
        void parsingNothingGivesTheDefaults() {
            assertThat(ElevationSettings.parse(Map.of())).isEqualTo(ElevationSettings.defaults());
            assertThat(ElevationSettings.parse(null)).isEqualTo(ElevationSettings.defaults());
            assertThat(ElevationSettings.read(Map.of()).problems()).isEmpty();
        }

        @Test
        void keysAreRealmAttributesUnderZtElevation() {
            assertThat(ElevationSettings.REQUEST_LAPSE_HOURS).isEqualTo("zt.elevation.request-lapse-hours");
            assertThat(ElevationSettings.ENDING_SOON_MINUTES).isEqualTo("zt.elevation.ending-soon-minutes");
            assertThat(ElevationSettings.EXPIRY_INTERVAL_SECONDS).isEqualTo("zt.elevation.expiry-interval-seconds");
            assertThat(ElevationSettings.MAX_JUSTIFICATION_LENGTH).isEqualTo("zt.elevation.max-justification-length");
            assertThat(ElevationSettings.PRIVILEGED_ROLES).isEqualTo("zt.elevation.privileged-roles");
        }
    }

    @Test
    void readsEverySetting() {
        ElevationSettings settings = ElevationSettings.parse(Map.of(
                ElevationSettings.REQUEST_LAPSE_HOURS, "48",
                ElevationSettings.ENDING_SOON_MINUTES, " 15 ",
                ElevationSettings.EXPIRY_INTERVAL_SECONDS, "10",
                ElevationSettings.MAX_JUSTIFICATION_LENGTH, "1000",
                ElevationSettings.PRIVILEGED_ROLES, "realm:admin, client:realm-management:manage-users;realm:Help Desk\n"));
        assertThat(settings).isEqualTo(new ElevationSettings(Duration.ofHours(48), Duration.ofMinutes(15),
                Duration.ofSeconds(10), 1000, Set.of(RoleRef.realm("admin"),
                RoleRef.client("realm-management", "manage-users"), RoleRef.realm("Help Desk"))));
        assertThat(settings.isPrivileged(RoleRef.realm("admin"))).isTrue();
        assertThat(settings.isPrivileged(RoleRef.realm("user"))).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
            "zt.elevation.request-lapse-hours, 0, 1", "zt.elevation.request-lapse-hours, -5, 1",
            "zt.elevation.request-lapse-hours, 169, 168", "zt.elevation.request-lapse-hours, 99999999999999, 168",
            "zt.elevation.ending-soon-minutes, -1, 0", "zt.elevation.ending-soon-minutes, 241, 240",
            "zt.elevation.expiry-interval-seconds, 0, 1", "zt.elevation.expiry-interval-seconds, 61, 60",
            "zt.elevation.max-justification-length, 9, 10", "zt.elevation.max-justification-length, 2001, 2000"})
    void clampsNumbersToTheirRangeAndSaysSo(String key, String value, long clamped) {
        ElevationSettings.Parsed parsed = read(key, value);
        ElevationSettings s = parsed.settings();
        long actual = switch (key) {
            case ElevationSettings.REQUEST_LAPSE_HOURS -> s.requestLapse().toHours();
            case ElevationSettings.ENDING_SOON_MINUTES -> s.endingSoon().toMinutes();
            case ElevationSettings.EXPIRY_INTERVAL_SECONDS -> s.expiryInterval().toSeconds();
            default -> s.maxJustificationLength();
        };
        assertThat(actual).isEqualTo(clamped);
        assertThat(parsed.problems()).singleElement().asString().startsWith(key + ": ").endsWith("using " + clamped);
    }

    @ParameterizedTest
    @CsvSource({"zt.elevation.request-lapse-hours, 1", "zt.elevation.request-lapse-hours, 168",
            "zt.elevation.ending-soon-minutes, 0", "zt.elevation.expiry-interval-seconds, 60",
            "zt.elevation.max-justification-length, 10"})
    void acceptsTheEndsOfEachRange(String key, String value) {
        assertThat(read(key, value).problems()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"zt.elevation.request-lapse-hours, 2.5", "zt.elevation.ending-soon-minutes, ten",
            "zt.elevation.expiry-interval-seconds, 5s", "zt.elevation.max-justification-length, 1e3"})
    void unreadableNumbersGiveTheDefault(String key, String value) {
        ElevationSettings.Parsed parsed = read(key, value);
        assertThat(parsed.settings()).isEqualTo(ElevationSettings.defaults());
        assertThat(parsed.problems()).singleElement().asString().contains("not a whole number");
    }

    @Test
    void blankValuesGiveTheDefaultQuietly() {
        ElevationSettings.Parsed parsed = read(ElevationSettings.REQUEST_LAPSE_HOURS, "  ");
        assertThat(parsed.settings()).isEqualTo(ElevationSettings.defaults());
        assertThat(parsed.problems()).isEmpty();
    }

    @Test
    void skipsAndReportsUnreadableRolesButKeepsTheRest() {
        ElevationSettings.Parsed parsed = read(ElevationSettings.PRIVILEGED_ROLES,
                "realm:admin, admin, client:app, ,realm:ops\u0000x, " + "x".repeat(300));
        assertThat(parsed.settings().privilegedRoles()).containsExactly(RoleRef.realm("admin"));
        assertThat(parsed.problems()).hasSize(4).first().asString()
                .isEqualTo("zt.elevation.privileged-roles: 'admin' is not realm:<role> or client:<clientId>:<role>; skipped");
        assertThat(parsed.problems().get(2)).doesNotContain("\u0000");
        assertThat(parsed.problems().get(3)).hasSizeLessThan(150);
    }

    @Test
    void neverThrowsOnAHugeValue() {
        assertThat(ElevationSettings.parse(Map.of(ElevationSettings.PRIVILEGED_ROLES, "realm:a,".repeat(50_000))))
                .isEqualTo(ElevationSettings.defaults());
    }
}
