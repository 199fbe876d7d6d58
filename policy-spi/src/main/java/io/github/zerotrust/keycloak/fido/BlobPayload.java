package io.github.zerotrust.keycloak.fido;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** The parts of the MDS3 payload JSON we use, as Jackson reads them. */
record BlobPayload(String legalHeader, Integer no, String nextUpdate, List<Entry> entries) {

    BlobPayload {
        entries = entries == null ? List.of() : entries.stream().filter(e -> e != null).toList();
    }

    record Entry(String aaguid, List<Report> statusReports, Statement metadataStatement) {

        /**
         * Empty for entries without a readable AAGUID (U2F and UAF authenticators are listed by
         * key identifier or AAID). The BLOB is signed, so an odd field is the publisher's
         * slip: it is skipped rather than throwing away every other entry.
         */
        Optional<MetadataEntry> toMetadataEntry() {
            Optional<Aaguid> id = Aaguid.parse(aaguid);
            if (id.isEmpty()) {
                return Optional.empty();
            }
            List<StatusReport> reports = new ArrayList<>();
            for (Report report : statusReports == null ? List.<Report>of() : statusReports) {
                if (report != null && report.status() != null) {
                    reports.add(new StatusReport(report.status().strip(), date(report.effectiveDate())));
                }
            }
            Statement statement = metadataStatement == null ? new Statement(null, null) : metadataStatement;
            return Optional.of(new MetadataEntry(id.get(), statement.description(), reports, statement.roots()));
        }

        private static LocalDate date(String text) {
            try {
                return text == null ? null : LocalDate.parse(text.strip());
            } catch (DateTimeParseException e) {
                return null;
            }
        }
    }

    record Report(String status, String effectiveDate) {
    }

    record Statement(String description, List<String> attestationRootCertificates) {

        // An unreadable root only means attestations of that model cannot be trusted: fails closed for it alone.
        List<X509Certificate> roots() {
            List<X509Certificate> roots = new ArrayList<>();
            if (attestationRootCertificates == null) {
                return roots;
            }
            try {
                CertificateFactory factory = CertificateFactory.getInstance("X.509");
                for (String der : attestationRootCertificates) {
                    try {
                        byte[] bytes = Base64.getMimeDecoder().decode(der == null ? "" : der);
                        roots.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(bytes)));
                    } catch (IllegalArgumentException | GeneralSecurityException unreadable) {
                        // skipped, see above
                    }
                }
            } catch (GeneralSecurityException noX509) {
                throw new IllegalStateException("Every Java runtime supports X.509", noX509);
            }
            return roots;
        }
    }
}
