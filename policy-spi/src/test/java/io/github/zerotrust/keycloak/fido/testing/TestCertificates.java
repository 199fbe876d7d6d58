package io.github.zerotrust.keycloak.fido.testing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Test certificate authorities made with the JDK alone, so the benchmarks (which only get this
 * test-jar, not BouncyCastle) can build signed BLOBs too. Writes just enough DER for PKIX: version 3,
 * basic constraints and key usage.
 */
public final class TestCertificates {

    /** RSA 2048 or EC P-256 keys, signed with SHA-256. */
    public enum KeyType { RSA, EC }

    /** A certificate and the key that can sign with it. */
    public record Issued(X509Certificate certificate, PrivateKey key, KeyType type) {
        public String signatureAlgorithm() {
            return type == KeyType.RSA ? "SHA256withRSA" : "SHA256withECDSA";
        }
    }

    private static final AtomicLong SERIALS = new AtomicLong(1);
    private static final byte[] OID_SHA256_RSA = {0x2A, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xF7, 0x0D, 0x01, 0x01, 0x0B};
    private static final byte[] OID_ECDSA_SHA256 = {0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x04, 0x03, 0x02};
    private static final byte[] OID_COMMON_NAME = {0x55, 0x04, 0x03};
    private static final byte[] OID_BASIC_CONSTRAINTS = {0x55, 0x1D, 0x13};
    private static final byte[] OID_KEY_USAGE = {0x55, 0x1D, 0x0F};

    private TestCertificates() {
    }

    public static Issued root(String commonName, KeyType type) {
        KeyPair keys = keys(type);
        return new Issued(certificate(commonName, keys, commonName, keys.getPrivate(), type, true), keys.getPrivate(), type);
    }

    /** A certificate for signing, issued by {@code issuer}. */
    public static Issued signer(String commonName, Issued issuer, KeyType type) {
        KeyPair keys = keys(type);
        String issuerName = issuer.certificate().getSubjectX500Principal().getName().substring("CN=".length());
        return new Issued(certificate(commonName, keys, issuerName, issuer.key(), issuer.type(), false),
                keys.getPrivate(), type);
    }

    /** A certificate authority below {@code issuer}, e.g. a vendor's attestation CA under its root. */
    public static Issued intermediate(String commonName, Issued issuer, KeyType type) {
        KeyPair keys = keys(type);
        String issuerName = issuer.certificate().getSubjectX500Principal().getName().substring("CN=".length());
        return new Issued(certificate(commonName, keys, issuerName, issuer.key(), issuer.type(), true),
                keys.getPrivate(), type);
    }

    private static KeyPair keys(KeyType type) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(type == KeyType.RSA ? "RSA" : "EC");
            if (type == KeyType.RSA) {
                generator.initialize(2048);
            } else {
                generator.initialize(new ECGenParameterSpec("secp256r1"));
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate certificate(String subject, KeyPair keys, String issuer, PrivateKey issuerKey,
                                               KeyType issuerType, boolean ca) {
        byte[] algorithm = issuerType == KeyType.RSA ? seq(oid(OID_SHA256_RSA), new byte[] {0x05, 0x00})
                : seq(oid(OID_ECDSA_SHA256));
        // keyCertSign + cRLSign for a CA, digitalSignature for a signer.
        byte[] keyUsage = ca ? new byte[] {0x03, 0x02, 0x01, 0x06} : new byte[] {0x03, 0x02, 0x07, (byte) 0x80};
        byte[] extensions = tlv(0xA3, seq(
                seq(oid(OID_BASIC_CONSTRAINTS), new byte[] {0x01, 0x01, (byte) 0xFF},
                        tlv(0x04, ca ? seq(new byte[] {0x01, 0x01, (byte) 0xFF}) : seq())),
                seq(oid(OID_KEY_USAGE), new byte[] {0x01, 0x01, (byte) 0xFF}, tlv(0x04, keyUsage))));
        byte[] tbs = seq(
                tlv(0xA0, tlv(0x02, new byte[] {2})),
                tlv(0x02, BigInteger.valueOf(SERIALS.getAndIncrement()).toByteArray()),
                algorithm,
                name(issuer),
                seq(time("200101000000Z"), time("451231235959Z")),
                name(subject),
                keys.getPublic().getEncoded(),
                extensions);
        try {
            Signature signer = Signature.getInstance(issuerType == KeyType.RSA ? "SHA256withRSA" : "SHA256withECDSA");
            signer.initSign(issuerKey);
            signer.update(tbs);
            byte[] signature = signer.sign();
            byte[] bits = new byte[signature.length + 1];
            System.arraycopy(signature, 0, bits, 1, signature.length);
            byte[] der = seq(tbs, algorithm, tlv(0x03, bits));
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] name(String commonName) {
        return seq(tlv(0x31, seq(oid(OID_COMMON_NAME), tlv(0x0C, commonName.getBytes(StandardCharsets.UTF_8)))));
    }

    private static byte[] time(String utc) {
        return tlv(0x17, utc.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] oid(byte[] encoded) {
        return tlv(0x06, encoded);
    }

    private static byte[] seq(byte[]... parts) {
        return tlv(0x30, parts);
    }

    private static byte[] tlv(int tag, byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            content.writeBytes(part);
        }
        int length = content.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        if (length < 0x80) {
            out.write(length);
        } else if (length < 0x100) {
            out.write(0x81);
            out.write(length);
        } else {
            out.write(0x82);
            out.write(length >> 8);
            out.write(length & 0xFF);
        }
        out.writeBytes(content.toByteArray());
        return out.toByteArray();
    }
}
