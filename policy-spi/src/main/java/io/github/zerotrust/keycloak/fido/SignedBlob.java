package io.github.zerotrust.keycloak.fido;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * The JWS compact serialization the Metadata Service signs its BLOB with, checked offline: the
 * header's {@code x5c} chain must lead to the root the admin configured, and its first certificate
 * must have signed header and payload. Only RS256 and ES256 are accepted; {@code none} and the
 * HMAC algorithms would let anyone write a BLOB.
 */
final class SignedBlob {

    private SignedBlob() {
    }

    /** The verified payload bytes. */
    static byte[] verifiedPayload(String jws, X509Certificate root, Instant now, ObjectMapper json)
            throws MetadataBlobException {
        String[] parts = jws.strip().split("\\.", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
            throw new MetadataBlobException("The metadata BLOB is not a JWS (three base64url parts separated by dots).");
        }
        JsonNode header;
        try {
            header = json.readTree(base64Url(parts[0], "header"));
        } catch (IOException e) {
            throw new MetadataBlobException("The metadata BLOB's JWS header is not JSON.", e);
        }
        if (header == null || !header.isObject()) {
            throw new MetadataBlobException("The metadata BLOB's JWS header is not a JSON object.");
        }
        String alg = header.path("alg").asText("");
        String algorithm = switch (alg) {
            case "RS256" -> "SHA256withRSA";
            case "ES256" -> "SHA256withECDSA";
            default -> throw new MetadataBlobException("The metadata BLOB is signed with alg '" + alg
                    + "'; only RS256 and ES256 are accepted.");
        };
        List<X509Certificate> chain = chain(header.get("x5c"));
        validate(chain, root, now);
        byte[] signature = base64Url(parts[2], "signature");
        if ("ES256".equals(alg)) {
            signature = EcdsaSignature.toDer(signature);
        }
        if (!signatureMatches(algorithm, chain.get(0).getPublicKey(),
                (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII), signature)) {
            throw new MetadataBlobException("The metadata BLOB's signature does not match its content: "
                    + "it was altered or signed by someone else.");
        }
        return base64Url(parts[1], "payload");
    }

    private static byte[] base64Url(String part, String what) throws MetadataBlobException {
        try {
            return Base64.getUrlDecoder().decode(part);
        } catch (IllegalArgumentException e) {
            throw new MetadataBlobException("The metadata BLOB's JWS " + what + " is not valid base64url.", e);
        }
    }

    private static List<X509Certificate> chain(JsonNode x5c) throws MetadataBlobException {
        if (x5c == null || !x5c.isArray() || x5c.isEmpty()) {
            throw new MetadataBlobException("The metadata BLOB's JWS header has no x5c certificate chain.");
        }
        List<X509Certificate> chain = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (JsonNode element : x5c) {
                if (!element.isTextual()) {
                    throw new MetadataBlobException("The metadata BLOB's x5c holds something other than certificates.");
                }
                byte[] der = Base64.getMimeDecoder().decode(element.asText());
                chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
            }
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new MetadataBlobException("The metadata BLOB's x5c holds an unreadable certificate.", e);
        }
        return chain;
    }

    // Revocation checking stays off: the BLOB is read offline, and its own nextUpdate bounds its age.
    private static void validate(List<X509Certificate> chain, X509Certificate root, Instant now)
            throws MetadataBlobException {
        // PKIX wants the path without its anchor; some publishers include the root anyway.
        List<X509Certificate> path = chain.stream().filter(c -> !c.equals(root)).toList();
        if (path.isEmpty()) {
            throw new MetadataBlobException("The metadata BLOB's x5c holds only the root certificate; "
                    + "the signing certificate is missing.");
        }
        try {
            CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
            PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(now));
            CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
        } catch (GeneralSecurityException e) {
            throw new MetadataBlobException("The metadata BLOB's signing certificate does not lead to the configured "
                    + "root certificate (" + root.getSubjectX500Principal().getName() + "): " + e.getMessage(), e);
        }
    }

    private static boolean signatureMatches(String algorithm, PublicKey key, byte[] signed, byte[] signature)
            throws MetadataBlobException {
        try {
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(key);
            verifier.update(signed);
            return verifier.verify(signature);
        } catch (java.security.InvalidKeyException e) {
            throw new MetadataBlobException("The metadata BLOB's signing certificate holds a key that does not fit "
                    + "its alg.", e);
        } catch (java.security.SignatureException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new MetadataBlobException("This Java runtime cannot check " + algorithm + " signatures.", e);
        }
    }

    /** JWS carries ES256 signatures as R and S side by side (RFC 7518 3.4); Java wants them DER-encoded. */
    static final class EcdsaSignature {

        private EcdsaSignature() {
        }

        static byte[] toDer(byte[] raw) throws MetadataBlobException {
            if (raw.length != 64) {
                throw new MetadataBlobException("The metadata BLOB's ES256 signature is " + raw.length
                        + " bytes; it must be 64.");
            }
            byte[] r = new BigInteger(1, java.util.Arrays.copyOfRange(raw, 0, 32)).toByteArray();
            byte[] s = new BigInteger(1, java.util.Arrays.copyOfRange(raw, 32, 64)).toByteArray();
            byte[] der = new byte[6 + r.length + s.length];
            der[0] = 0x30;
            der[1] = (byte) (4 + r.length + s.length);
            der[2] = 0x02;
            der[3] = (byte) r.length;
            System.arraycopy(r, 0, der, 4, r.length);
            der[4 + r.length] = 0x02;
            der[5 + r.length] = (byte) s.length;
            System.arraycopy(s, 0, der, 6 + r.length, s.length);
            return der;
        }
    }
}
