package io.github.zerotrust.keycloak.authn.mfa;

import com.webauthn4j.data.attestation.AttestationObject;
import com.webauthn4j.data.attestation.statement.CertificateBaseAttestationStatement;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.WebAuthnCredentialModel;
import org.keycloak.models.credential.dto.WebAuthnCredentialData;
import org.keycloak.util.JsonSerialization;

/**
 * The attestation certificate chain (x5c) a key sent when it was registered, kept with Keycloak's
 * credential so that every sign-in can judge it again under the metadata of the day. Keycloak 26
 * verifies the attestation signature with this chain at registration but stores no statement
 * ({@code attestationStatement} stays null), so we keep the chain there, once Keycloak has stored
 * the credential, as {@value #KEPT_FORM}base64(DER),base64(DER),... A credential without it (self
 * attestation, {@code none}, or registered before this version) has no chain and is never trusted.
 */
final class AttestationChain {

    static final String KEPT_FORM = "zt-x5c-v1:";
    // Real chains have one to three certificates of about 1 KB each.
    private static final int MAX_CERTIFICATES = 5;
    private static final int MAX_KEPT_LENGTH = 32 * 1024;
    private static final Logger LOG = Logger.getLogger(AttestationChain.class);

    private AttestationChain() {
    }

    /** The chain of a parsed attestation, attestation certificate first; empty for self attestation and none. */
    static List<X509Certificate> of(AttestationObject attestation) {
        if (attestation.getAttestationStatement() instanceof CertificateBaseAttestationStatement withCertificates) {
            try {
                List<X509Certificate> chain = withCertificates.getX5c();
                return chain == null || chain.size() > MAX_CERTIFICATES ? List.of() : List.copyOf(chain);
            } catch (RuntimeException unreadable) {
                return List.of();
            }
        }
        return List.of();
    }

    static String encode(List<X509Certificate> chain) throws CertificateEncodingException {
        List<String> parts = new ArrayList<>(chain.size());
        for (X509Certificate certificate : chain) {
            parts.add(Base64.getEncoder().encodeToString(certificate.getEncoded()));
        }
        return KEPT_FORM + String.join(",", parts);
    }

    /** The kept chain of a stored credential; empty when there is none or it cannot be read. */
    static List<X509Certificate> kept(WebAuthnCredentialData data) {
        String text = data.getAttestationStatement();
        if (text == null || !text.startsWith(KEPT_FORM) || text.length() > MAX_KEPT_LENGTH) {
            return List.of();
        }
        String[] parts = text.substring(KEPT_FORM.length()).split(",", MAX_CERTIFICATES + 1);
        if (parts.length > MAX_CERTIFICATES) {
            return List.of();
        }
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            List<X509Certificate> chain = new ArrayList<>(parts.length);
            for (String part : parts) {
                chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(part))));
            }
            return List.copyOf(chain);
        } catch (CertificateException | IllegalArgumentException | ClassCastException unreadable) {
            return List.of();
        }
    }

    /**
     * Keeps the chain with the credential Keycloak has just stored for this attestation. Only called
     * after Keycloak's registration returned, so only for an attestation whose signature it verified;
     * nothing happens when it stored nothing (a refused or failed registration).
     */
    static void keep(UserModel user, AttestationObject attestation) {
        List<X509Certificate> chain = of(attestation);
        if (chain.isEmpty() || user == null || attestation.getAuthenticatorData() == null
                || attestation.getAuthenticatorData().getAttestedCredentialData() == null) {
            return;
        }
        String credentialId = Base64.getEncoder().encodeToString(
                attestation.getAuthenticatorData().getAttestedCredentialData().getCredentialId());
        Optional<CredentialModel> stored = java.util.stream.Stream.of(WebAuthnCredentialModel.TYPE_TWOFACTOR,
                        WebAuthnCredentialModel.TYPE_PASSWORDLESS)
                .flatMap(type -> user.credentialManager().getStoredCredentialsByTypeStream(type))
                .filter(model -> credentialId.equals(data(model).getCredentialId()))
                .findFirst();
        if (stored.isEmpty()) {
            return;
        }
        CredentialModel model = stored.get();
        WebAuthnCredentialData data = data(model);
        if (data.getAttestationStatement() != null) {
            return;
        }
        try {
            String encoded = encode(chain);
            if (encoded.length() > MAX_KEPT_LENGTH) {
                return;
            }
            model.setCredentialData(JsonSerialization.writeValueAsString(new WebAuthnCredentialData(data.getAaguid(),
                    data.getCredentialId(), data.getCounter(), encoded, data.getCredentialPublicKey(),
                    data.getAttestationStatementFormat(), data.getTransports())));
            user.credentialManager().updateStoredCredential(model);
        } catch (CertificateEncodingException | IOException e) {
            // The key then counts as unattested at sign-in: the safe side.
            LOG.warnf("Could not keep the attestation chain of a new security key of user %s: %s", user.getId(), e.getMessage());
        }
    }

    private static WebAuthnCredentialData data(CredentialModel model) {
        return WebAuthnCredentialModel.createFromCredentialModel(model).getWebAuthnCredentialData();
    }
}
