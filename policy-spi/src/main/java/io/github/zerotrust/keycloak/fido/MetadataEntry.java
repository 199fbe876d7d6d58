package io.github.zerotrust.keycloak.fido;

import java.security.cert.X509Certificate;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the FIDO Metadata Service says about one authenticator model.
 *
 * @param statusReports               oldest first (by effective date; reports without a date first)
 * @param attestationRootCertificates the roots its attestation chains must lead to
 */
public record MetadataEntry(Aaguid aaguid, String description, List<StatusReport> statusReports,
                            List<X509Certificate> attestationRootCertificates) {

    private static final Comparator<StatusReport> BY_DATE = Comparator.comparing(StatusReport::effectiveDate,
            Comparator.nullsFirst(Comparator.naturalOrder()));

    public MetadataEntry {
        Objects.requireNonNull(aaguid, "aaguid");
        description = description == null || description.isBlank() ? aaguid.toString() : description.strip();
        // A stable sort keeps the BLOB's order among reports of the same day.
        statusReports = (statusReports == null ? List.<StatusReport>of() : statusReports).stream()
                .sorted(BY_DATE).toList();
        attestationRootCertificates = attestationRootCertificates == null ? List.of()
                : List.copyOf(attestationRootCertificates);
    }

    /** The report with the latest effective date. */
    public Optional<StatusReport> latestStatus() {
        return statusReports.isEmpty() ? Optional.empty() : Optional.of(statusReports.get(statusReports.size() - 1));
    }

    /**
     * The highest level certified since the last compromise: a compromise or revocation wipes out
     * every certification before it, a later certification (a fixed model) counts again.
     */
    public CertificationLevel certificationLevel() {
        CertificationLevel level = CertificationLevel.NONE;
        for (StatusReport report : statusReports) {
            if (report.isCompromise()) {
                level = CertificationLevel.NONE;
            } else {
                CertificationLevel certified = CertificationLevel.certifiedBy(report.status()).orElse(level);
                level = certified.isAtLeast(level) ? certified : level;
            }
        }
        return level;
    }

    /** The compromise report in force: the latest certification-or-compromise report, if it is a compromise. */
    public Optional<StatusReport> compromise() {
        for (int i = statusReports.size() - 1; i >= 0; i--) {
            StatusReport report = statusReports.get(i);
            if (report.isRelevant()) {
                return report.isCompromise() ? Optional.of(report) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    public boolean compromised() {
        return compromise().isPresent();
    }
}
