package io.github.zerotrust.keycloak.device;

import static io.github.zerotrust.keycloak.device.Postures.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.github.zerotrust.keycloak.risk.DeviceThreat;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.assertj.core.api.ThrowableAssertAlternative;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PostureReportTest {

    private static final String REPORT = """
            {"device_id": "LAPTOP-7Q2K9M", "platform": "windows", "os_version": "10.0.22631.3593",
             "disk_encrypted": true, "firewall": true, "av_running": true, "av_signatures_at": "2026-06-10T06:00:00Z",
             "screen_lock": true, "jailbroken": false, "threat": "clear", "managed": true,
             "mdm_compliance": "compliant", "reported_at": "2026-06-10T09:55:00Z"}
            """;

    private static Posture parse(String json) throws PostureException {
        return PostureReport.parse(json, NOW);
    }

    private static ThrowableAssertAlternative<PostureException> refuses(String json) {
        return assertThatExceptionOfType(PostureException.class).isThrownBy(() -> parse(json));
    }

    /** The full report with one field's JSON value replaced. */
    private static String with(String field, String json) {
        return REPORT.replaceFirst("\"" + field + "\": [^,}]+", "\"" + field + "\": " + json.replace("$", "\\$"));
    }

    @Nested
    class Valid {

        @Test
        void readsEveryField() throws PostureException {
            assertThat(parse(REPORT)).isEqualTo(Posture.from(Posture.REGISTRY).deviceId("LAPTOP-7Q2K9M")
                    .platform(Platform.WINDOWS).osVersion(OsVersion.of("10.0.22631.3593")).diskEncrypted(true)
                    .firewallOn(true).antivirusRunning(true)
                    .antivirusSignaturesUpdatedAt(Instant.parse("2026-06-10T06:00:00Z")).screenLock(true)
                    .jailbroken(false).threat(DeviceThreat.CLEAR).managed(true).mdmCompliance(MdmCompliance.COMPLIANT)
                    .reportedAt(Instant.parse("2026-06-10T09:55:00Z")).build());
        }

        @Test
        void theFieldsAreThePostureClaimsWithReportedAtForIat() {
            assertThat(PostureReport.FIELDS).containsExactlyInAnyOrder("device_id", "platform", "os_version",
                    "disk_encrypted", "firewall", "av_running", "av_signatures_at", "screen_lock", "jailbroken", "threat",
                    "managed", "mdm_compliance", "reported_at");
        }

        @Test
        void onlyTheDeviceIdIsRequiredAndTheRestIsUnknown() throws PostureException {
            Posture posture = parse("{\"device_id\": \"d-1\"}");
            assertThat(posture).isEqualTo(Posture.from(Posture.REGISTRY).deviceId("d-1").reportedAt(NOW).build());
        }

        @Test
        void withoutReportedAtTheReportCountsFromItsReceipt() throws PostureException {
            assertThat(parse(with("reported_at", "null")).reportedAt()).contains(NOW);
        }

        @Test
        void nullIsUnknown() throws PostureException {
            Posture posture = parse(with("disk_encrypted", "null"));
            assertThat(posture.diskEncrypted()).isEmpty();
        }

        @Test
        void datesMayBeEpochSeconds() throws PostureException {
            assertThat(parse(with("av_signatures_at", "1781064000")).antivirusSignaturesUpdatedAt())
                    .contains(Instant.parse("2026-06-10T04:00:00Z"));
        }

        @Test
        void aReportSlightlyAheadOfOurClockIsAccepted() throws PostureException {
            String fourMinutesAhead = "\"" + NOW.plusSeconds(240) + "\"";
            assertThat(parse(with("reported_at", fourMinutesAhead)).reportedAt()).contains(NOW.plusSeconds(240));
        }

        @Test
        void readsFromARequestBodyStream() throws PostureException {
            InputStream body = new ByteArrayInputStream(REPORT.getBytes(StandardCharsets.UTF_8));
            assertThat(PostureReport.parse(body, NOW)).isEqualTo(parse(REPORT));
        }

        @Test
        void aReportOfExactlyTheMaximumSizeIsRead() throws PostureException {
            String padded = "{\"device_id\": \"d-1\"}";
            padded = padded + " ".repeat(PostureReport.MAX_BYTES - padded.length());
            assertThat(padded.getBytes(StandardCharsets.UTF_8)).hasSize(PostureReport.MAX_BYTES);
            assertThat(parse(padded).deviceId()).contains("d-1");
        }
    }

    @Nested
    class Invalid {

        @ParameterizedTest
        @ValueSource(strings = {"", "   ", "{", "{\"device_id\": \"d-1\",}", "{'device_id': 'd-1'}", "{device_id: 1}",
            "{\"device_id\": \"d-1\"} {}", "{\"device_id\": \"d-1\"} x", "nul"})
        void refusesInvalidJson(String json) {
            refuses(json).withMessageStartingWith("The posture report ");
        }

        @Test
        void saysWhereTheJsonBreaks() {
            refuses("{\n  \"device_id\": \"d-1\",\n  \"platform\": windows\n}")
                    .withMessageStartingWith("The posture report is not valid JSON: Unrecognized token 'windows'")
                    .withMessageContaining("(line 3, column");
        }

        @ParameterizedTest
        @ValueSource(strings = {"[]", "[{\"device_id\": \"d-1\"}]", "\"d-1\"", "42", "null", "true"})
        void refusesAnythingButAnObject(String json) {
            refuses(json).withMessage("The posture report must be one JSON object.");
        }

        @Test
        void refusesAnOversizedReportBeforeParsingIt() {
            String big = "{\"device_id\": \"" + "x".repeat(PostureReport.MAX_BYTES) + "\"}";
            refuses(big).withMessage("The posture report is larger than 16384 bytes.");
        }

        @Test
        void countsBytesNotCharacters() {
            String json = "{\"device_id\": \"d-1\"}";
            // Each é is two bytes in UTF-8: fewer characters than the limit, more bytes.
            String padded = json.substring(0, json.length() - 1) + ", \"x\": \"" + "é".repeat(PostureReport.MAX_BYTES / 2) + "\"}";
            assertThat(padded.length()).isLessThan(PostureReport.MAX_BYTES);
            refuses(padded).withMessage("The posture report is larger than 16384 bytes.");
        }

        @Test
        void refusesAnOversizedStreamWithoutReadingItAll() {
            InputStream endless = new InputStream() {
                private long read;

                @Override
                public int read() {
                    return read++ < 1_000_000_000L ? ' ' : -1;
                }
            };
            assertThatExceptionOfType(PostureException.class).isThrownBy(() -> PostureReport.parse(endless, NOW))
                    .withMessage("The posture report is larger than 16384 bytes.");
        }

        @Test
        void saysWhenTheStreamFails() {
            InputStream broken = new InputStream() {
                @Override
                public int read() throws IOException {
                    throw new IOException("connection reset");
                }
            };
            assertThatExceptionOfType(PostureException.class).isThrownBy(() -> PostureReport.parse(broken, NOW))
                    .withMessage("The posture report could not be read: connection reset");
        }

        @Test
        void refusesAMissingDeviceId() {
            refuses("{\"platform\": \"macos\"}").withMessage("The posture report is invalid: device_id: required.");
            refuses(with("device_id", "null")).withMessage("The posture report is invalid: device_id: required.");
        }

        @Test
        void refusesDuplicateFields() {
            refuses("{\"device_id\": \"d-1\", \"disk_encrypted\": false, \"disk_encrypted\": true}")
                    .withMessageStartingWith("The posture report is not valid JSON: Duplicate field 'disk_encrypted'");
        }

        @Test
        void refusesUnknownFieldsAndListsTheKnownOnes() {
            refuses(REPORT.replace("\"disk_encrypted\"", "\"disk_encypted\""))
                    .withMessage("The posture report is invalid: disk_encypted: not a posture field (the fields are "
                            + "device_id, platform, os_version, disk_encrypted, firewall, av_running, av_signatures_at, "
                            + "screen_lock, jailbroken, threat, managed, mdm_compliance, reported_at).");
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
            "disk_encrypted|\"true\"|disk_encrypted: expected true or false, not a string",
            "firewall|1|firewall: expected true or false, not a number",
            "screen_lock|{\"on\": true}|screen_lock: expected true or false, not an object or array",
            "jailbroken|[false]|jailbroken: expected true or false, not an object or array",
            "platform|true|platform: expected a string, not true or false",
            "platform|\"BeOS\"|platform: 'BeOS' is not a platform (windows, macos, ios, android, linux)",
            "threat|\"severe\"|threat: 'severe' is not a threat level (clear, low, medium, high)",
            "mdm_compliance|\"fine\"|mdm_compliance: 'fine' is not a compliance state (compliant, noncompliant, conflict, error, inGracePeriod, configManager, unknown)",
            "device_id|\"\"|device_id: a device id has 1 to 255 characters and no control characters",
            "device_id|7|device_id: expected a string, not a number"})
        void refusesWrongTypesAndValuesNamingTheField(String field, String json, String problem) {
            refuses(with(field, json)).withMessage("The posture report is invalid: " + problem + ".");
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"1..2\"", "\"abc\"", "\"-1\"", "\"14.\"", "\"1234567890.1\""})
        void refusesAMalformedOsVersion(String json) {
            refuses(with("os_version", json)).withMessageStartingWith("The posture report is invalid: os_version: '")
                    .withMessageContaining("is not an OS version");
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"yesterday\"", "\"2026-06-10\"", "\"2026-06-10T09:00:00\"", "true", "-5", "1e300",
            "1781085600000", "\"1999-12-31T23:59:59Z\"", "946684799", "\"2100-01-01T00:00:01Z\""})
        void refusesDatesOutOfRangeOrUnreadable(String json) {
            refuses(with("reported_at", json)).withMessageStartingWith("The posture report is invalid: reported_at: expected");
        }

        @Test
        void refusesDatesAheadOfTheReceiptBeyondTheClockSkew() {
            String ahead = "\"" + NOW.plus(Compliance.CLOCK_SKEW).plusSeconds(1) + "\"";
            refuses(with("reported_at", ahead)).withMessage("The posture report is invalid: reported_at: dated in the future.");
            refuses(with("av_signatures_at", ahead))
                    .withMessage("The posture report is invalid: av_signatures_at: dated in the future.");
        }

        @Test
        void listsEveryProblemAtOnce() {
            refuses("{\"device_id\": \"d-1\", \"firewall\": \"on\", \"os_version\": \"x\", \"colour\": \"blue\"}")
                    .withMessageStartingWith("The posture report is invalid: colour: not a posture field; ")
                    .withMessageContaining("firewall: expected true or false, not a string")
                    .withMessageContaining("os_version: 'x' is not an OS version");
        }

        @Test
        void listsAtMostTwentyProblems() {
            StringBuilder json = new StringBuilder("{\"device_id\": \"d-1\"");
            for (int i = 0; i < 1_000; i++) {
                json.append(", \"f").append(i).append("\": 1");
            }
            refuses(json.append('}').toString())
                    .withMessageContaining("f19: not a posture field; and 980 more (the fields are ")
                    .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(1_000).doesNotContain("f20:"));
        }

        @Test
        void doesNotEchoHugeFieldNames() {
            refuses("{\"device_id\": \"d-1\", \"" + "k".repeat(1000) + "\": 1}")
                    .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(400));
        }
    }
}
