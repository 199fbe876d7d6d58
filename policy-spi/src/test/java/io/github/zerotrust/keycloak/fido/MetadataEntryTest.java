package io.github.zerotrust.keycloak.fido;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MetadataEntryTest {

    private static final Aaguid AAGUID = Aaguid.of("cb69481e-8ff7-4039-93ec-0a2729a154a8");

    private static MetadataEntry entry(StatusReport... reports) {
        return new MetadataEntry(AAGUID, "YubiKey 5", Arrays.asList(reports), List.of());
    }

    private static StatusReport report(String status, String date) {
        return new StatusReport(status, date == null ? null : LocalDate.parse(date));
    }

    @ParameterizedTest
    @CsvSource({"FIDO_CERTIFIED, L1", "FIDO_CERTIFIED_L1, L1", "FIDO_CERTIFIED_L1plus, L1_PLUS", "FIDO_CERTIFIED_L2, L2",
        "FIDO_CERTIFIED_L2plus, L2_PLUS", "FIDO_CERTIFIED_L3, L3", "FIDO_CERTIFIED_L3plus, L3_PLUS",
        "NOT_FIDO_CERTIFIED, NONE", "SELF_ASSERTION_SUBMITTED, NONE", "UPDATE_AVAILABLE, NONE"})
    void certificationLevelComesFromTheStatus(String status, CertificationLevel level) {
        assertThat(entry(report(status, "2025-01-01")).certificationLevel()).isEqualTo(level);
    }

    @Test
    void theHighestCertificationCounts() {
        MetadataEntry entry = entry(report("FIDO_CERTIFIED_L2", "2025-06-01"), report("FIDO_CERTIFIED_L1", "2025-01-01"),
                report("UPDATE_AVAILABLE", "2025-09-01"));
        assertThat(entry.certificationLevel()).isEqualTo(CertificationLevel.L2);
        assertThat(entry.latestStatus()).contains(report("UPDATE_AVAILABLE", "2025-09-01"));
        assertThat(entry.compromised()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ATTESTATION_KEY_COMPROMISE", "USER_VERIFICATION_BYPASS", "USER_KEY_REMOTE_COMPROMISE",
        "USER_KEY_PHYSICAL_COMPROMISE", "REVOKED"})
    void aLaterCompromiseRevokesEveryEarlierCertification(String status) {
        MetadataEntry entry = entry(report(status, "2026-03-01"), report("FIDO_CERTIFIED_L2", "2025-01-01"));
        assertThat(entry.certificationLevel()).isEqualTo(CertificationLevel.NONE);
        assertThat(entry.compromised()).isTrue();
        assertThat(entry.compromise()).contains(report(status, "2026-03-01"));
        assertThat(entry.compromise().orElseThrow()).hasToString(status + " since 2026-03-01");
    }

    @Test
    void aCertificationAfterACompromiseCountsAgain() {
        MetadataEntry entry = entry(report("FIDO_CERTIFIED_L1", "2024-01-01"),
                report("USER_VERIFICATION_BYPASS", "2025-01-01"), report("FIDO_CERTIFIED_L1plus", "2025-06-01"),
                report("UPDATE_AVAILABLE", "2025-07-01"));
        assertThat(entry.compromised()).isFalse();
        assertThat(entry.certificationLevel()).isEqualTo(CertificationLevel.L1_PLUS);
    }

    @Test
    void anUpdateAfterACompromiseDoesNotLiftIt() {
        MetadataEntry entry = entry(report("ATTESTATION_KEY_COMPROMISE", "2025-01-01"),
                report("UPDATE_AVAILABLE", "2025-06-01"));
        assertThat(entry.compromised()).isTrue();
    }

    @Test
    void reportsWithoutADateCountAsOldest() {
        MetadataEntry entry = entry(report("REVOKED", null), report("FIDO_CERTIFIED_L1", "2025-01-01"));
        assertThat(entry.compromised()).isFalse();
        assertThat(entry.certificationLevel()).isEqualTo(CertificationLevel.L1);
    }

    @Test
    void noReportsMeansNotCertifiedAndNotCompromised() {
        MetadataEntry entry = new MetadataEntry(AAGUID, " ", null, null);
        assertThat(entry.certificationLevel()).isEqualTo(CertificationLevel.NONE);
        assertThat(entry.compromised()).isFalse();
        assertThat(entry.latestStatus()).isEmpty();
        assertThat(entry.description()).as("falls back to the AAGUID").isEqualTo(AAGUID.toString());
    }
}
