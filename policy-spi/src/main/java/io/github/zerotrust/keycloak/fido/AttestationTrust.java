package io.github.zerotrust.keycloak.fido;

import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Whether an attestation certificate chain (x5c: the attestation certificate first) leads to one of
 * the roots the FIDO metadata lists for the model, by the JDK's PKIX validation with those roots as
 * the only trust anchors. A metadata "root" may also be an intermediate or the attestation
 * certificate itself (MDS3 allows all three). Revocation is not checked: the metadata's status
 * reports are the FIDO way to withdraw a model, and attestation CAs rarely publish lists.
 */
final class AttestationTrust {

    private AttestationTrust() {
    }

    /**
     * @param chain the x5c certificates as sent, attestation certificate first; empty for self
     *              attestation and {@code none}, which never lead anywhere
     * @param roots the trust anchors of the model's metadata entry
     * @param at    when the attestation was made: certificates must have been valid then
     */
    static boolean leadsToRoot(List<X509Certificate> chain, List<X509Certificate> roots, Instant at) {
        if (chain == null || chain.isEmpty() || roots == null || roots.isEmpty() || at == null) {
            return false;
        }
        // A chain that carries the anchor itself ends there; PKIX wants the path below the anchor.
        List<X509Certificate> path = new ArrayList<>(chain);
        while (!path.isEmpty() && roots.contains(path.get(path.size() - 1))) {
            path.remove(path.size() - 1);
        }
        try {
            if (path.isEmpty()) {
                chain.get(0).checkValidity(Date.from(at));
                return true;
            }
            Set<TrustAnchor> anchors = new HashSet<>();
            roots.forEach(root -> anchors.add(new TrustAnchor(root, null)));
            PKIXParameters parameters = new PKIXParameters(anchors);
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(at));
            CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
            CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
            return true;
        } catch (GeneralSecurityException | IllegalArgumentException | IllegalStateException untrusted) {
            return false;
        }
    }
}
