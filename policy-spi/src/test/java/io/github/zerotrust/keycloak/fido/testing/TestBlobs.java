package io.github.zerotrust.keycloak.fido.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.zerotrust.keycloak.fido.Aaguid;
import io.github.zerotrust.keycloak.fido.testing.TestCertificates.Issued;
import io.github.zerotrust.keycloak.fido.testing.TestCertificates.KeyType;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Builds and signs FIDO MDS3 BLOBs for tests and benchmarks: a Metadata Service root, a signer it
 * issued, and entries chosen by the test.
 */
public final class TestBlobs {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Issued root;
    private final Issued signer;
    private final String alg;

    private TestBlobs(KeyType type) {
        this.root = TestCertificates.root("Test FIDO Metadata Root", type);
        this.signer = TestCertificates.signer("Test FIDO Metadata Signer", root, type);
        this.alg = type == KeyType.RSA ? "RS256" : "ES256";
    }

    /** A Metadata Service that signs with RS256 (RSA keys). Generating keys is slow: share one per test class. */
    public static TestBlobs rs256() {
        return new TestBlobs(KeyType.RSA);
    }

    /** A Metadata Service that signs with ES256 (P-256 keys). */
    public static TestBlobs es256() {
        return new TestBlobs(KeyType.EC);
    }

    public X509Certificate root() {
        return root.certificate();
    }

    public X509Certificate signerCertificate() {
        return signer.certificate();
    }

    /** One status report of an entry. */
    public record Report(String status, LocalDate effectiveDate) {
    }

    /**
     * One authenticator of the BLOB.
     *
     * @param attestationRoots the model's attestation roots; empty: the Metadata Service's own root
     *                         (a stand-in that no test attestation chains to)
     */
    public record Entry(Aaguid aaguid, String description, List<Report> reports, List<X509Certificate> attestationRoots) {
        public Entry(Aaguid aaguid, String description, List<Report> reports) {
            this(aaguid, description, reports, List.of());
        }

        public static Entry of(Aaguid aaguid, String description, Report... reports) {
            return new Entry(aaguid, description, List.of(reports));
        }

        /** The same entry listing these attestation roots instead. */
        public Entry withRoots(X509Certificate... roots) {
            return new Entry(aaguid, description, reports, List.of(roots));
        }
    }

    public static Report report(String status, String effectiveDate) {
        return new Report(status, LocalDate.parse(effectiveDate));
    }

    /** The payload JSON of a BLOB. */
    public String payload(int no, LocalDate nextUpdate, List<Entry> entries) {
        ObjectNode payload = JSON.createObjectNode();
        payload.put("legalHeader", "Test metadata, not for production.");
        payload.put("no", no);
        payload.put("nextUpdate", nextUpdate.toString());
        ArrayNode list = payload.putArray("entries");
        for (Entry entry : entries) {
            ObjectNode e = list.addObject();
            e.put("aaguid", entry.aaguid().toString());
            ArrayNode reports = e.putArray("statusReports");
            for (Report report : entry.reports()) {
                reports.addObject().put("status", report.status()).put("effectiveDate", report.effectiveDate().toString());
            }
            ObjectNode statement = e.putObject("metadataStatement");
            statement.put("description", entry.description());
            statement.put("authenticatorVersion", 1);
            ArrayNode roots = statement.putArray("attestationRootCertificates");
            if (entry.attestationRoots().isEmpty()) {
                roots.add(base64(root.certificate()));
            } else {
                entry.attestationRoots().forEach(certificate -> roots.add(base64(certificate)));
            }
            e.put("timeOfLastStatusChange", "2026-01-01");
        }
        return payload.toString();
    }

    /** A signed BLOB with the signer's certificate in x5c. */
    public String blob(int no, LocalDate nextUpdate, List<Entry> entries) {
        return sign(payload(no, nextUpdate, entries));
    }

    public String sign(String payloadJson) {
        return sign(header(alg, List.of(signer.certificate())), payloadJson);
    }

    /** Signs any header and payload with this service's signer, for malformed-header tests. */
    public String sign(String headerJson, String payloadJson) {
        String signed = base64Url(headerJson) + "." + base64Url(payloadJson);
        try {
            Signature signature = Signature.getInstance(signer.signatureAlgorithm());
            signature.initSign(signer.key());
            signature.update(signed.getBytes(StandardCharsets.US_ASCII));
            byte[] bytes = signature.sign();
            if (signer.type() == KeyType.EC) {
                bytes = derToRaw(bytes);
            }
            return signed + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String header(String alg, List<X509Certificate> x5c) {
        ObjectNode header = JSON.createObjectNode();
        header.put("alg", alg);
        header.put("typ", "JWT");
        if (x5c != null) {
            ArrayNode chain = header.putArray("x5c");
            x5c.forEach(c -> chain.add(base64(c)));
        }
        return header.toString();
    }

    public static String base64Url(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String base64(X509Certificate certificate) {
        try {
            return Base64.getEncoder().encodeToString(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    // Java writes ECDSA signatures as a DER sequence of two integers; JWS wants R and S, 32 bytes each.
    private static byte[] derToRaw(byte[] der) {
        int offset = 2 + (der[1] == (byte) 0x81 ? 1 : 0);
        List<byte[]> integers = new ArrayList<>(2);
        for (int i = 0; i < 2; i++) {
            int length = der[offset + 1];
            integers.add(Arrays.copyOfRange(der, offset + 2, offset + 2 + length));
            offset += 2 + length;
        }
        byte[] raw = new byte[64];
        for (int i = 0; i < 2; i++) {
            byte[] value = integers.get(i);
            int skip = Math.max(0, value.length - 32);
            System.arraycopy(value, skip, raw, i * 32 + 32 - (value.length - skip), value.length - skip);
        }
        return raw;
    }
}
