package io.github.zerotrust.keycloak.fido;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Judges one credential against the realm's {@link AuthenticatorPolicy} and the metadata BLOB. Used
 * at registration (refuse the passkey) and at sign-in (a credential registered under a looser policy
 * no longer counts as phishing-resistant). Every rule is checked, so the reasons name all problems.
 *
 * <p>Fail-closed: a rule that needs metadata ({@link AuthenticatorPolicy#needsMetadata()}) refuses
 * every credential with {@code metadata-unavailable} when no verified BLOB is loaded. Refusing
 * compromised models only acts on a loaded BLOB; without one, that rule alone does not refuse.
 */
public final class Fido2Policy {

    private final AuthenticatorPolicy policy;
    private final MetadataBlob metadata;
    private final String metadataProblem;

    public Fido2Policy(AuthenticatorPolicy policy, Optional<MetadataBlob> metadata) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.metadata = metadata.orElse(null);
        this.metadataProblem = null;
    }

    private Fido2Policy(AuthenticatorPolicy policy, String metadataProblem) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.metadata = null;
        this.metadataProblem = metadataProblem;
    }

    /**
     * The policy with the operator's metadata as it is now. Metadata that was configured but is
     * broken (unverifiable replacement, expired) refuses every credential: whether a model was
     * reported compromised can no longer be told, so nothing counts.
     */
    public static Fido2Policy of(AuthenticatorPolicy policy, MetadataSource.State metadata) {
        return metadata.problem().map(problem -> new Fido2Policy(policy, problem))
                .orElseGet(() -> new Fido2Policy(policy, metadata.blob()));
    }

    public AuthenticatorPolicy policy() {
        return policy;
    }

    /**
     * One credential's facts with its attestation judged against the metadata as it stands: trusted
     * only when the chain leads to a root of that AAGUID's metadata entry. Self attestation (a format
     * without a chain), {@code none}, a model the BLOB does not list and broken metadata are untrusted.
     *
     * @param attestationChain the x5c certificates, attestation certificate first (empty: none sent or kept)
     * @param attestedAt       when the key was registered: its certificates must have been valid then
     */
    public RegisteredAuthenticator authenticator(Aaguid aaguid, String attestationFormat,
                                                 List<X509Certificate> attestationChain, Instant attestedAt) {
        MetadataEntry entry = metadata == null ? null : metadata.entry(aaguid).orElse(null);
        boolean trusted = entry != null
                && AttestationTrust.leadsToRoot(attestationChain, entry.attestationRootCertificates(), attestedAt);
        return new RegisteredAuthenticator(aaguid, attestationFormat, trusted);
    }

    public AuthenticatorVerdict check(RegisteredAuthenticator authenticator) {
        if (metadataProblem != null) {
            return AuthenticatorVerdict.refuse(AuthenticatorVerdict.NOT_ALLOWED,
                    List.of("metadata-unavailable: " + metadataProblem));
        }
        Aaguid aaguid = authenticator.aaguid();
        MetadataEntry entry = metadata == null ? null : metadata.entry(aaguid).orElse(null);
        List<String> notAllowed = new ArrayList<>(2);
        List<String> notCertified = new ArrayList<>(2);
        List<String> compromised = new ArrayList<>(1);

        if (policy.deniedAaguids().contains(aaguid)) {
            notAllowed.add("aaguid-denied: " + name(aaguid, entry) + " is on the deny list");
        } else if (!policy.allowedAaguids().isEmpty() && !policy.allowedAaguids().contains(aaguid)) {
            notAllowed.add("aaguid-not-allowed: " + name(aaguid, entry) + " is not on the allow list");
        } else if (!policy.allowedAaguids().isEmpty() && !authenticator.attestationTrusted()) {
            // Any software key can say it is an allowed model; only a trusted attestation proves it.
            notAllowed.add("aaguid-unproven: " + name(aaguid, entry) + " is on the allow list, but without an attestation"
                    + " that leads to a root of its metadata entry it is only a claim");
        }
        if (policy.requireAttestation()) {
            if (!authenticator.attested()) {
                notAllowed.add("attestation-missing: the authenticator did not prove its make and model");
            } else if (!authenticator.attestationTrusted()) {
                notAllowed.add("attestation-untrusted: the " + authenticator.attestationFormat()
                        + " attestation does not lead to a trusted root");
            }
        }
        if (metadata == null) {
            if (policy.needsMetadata()) {
                notAllowed.add("metadata-unavailable: no valid FIDO metadata BLOB is loaded, so the policy fails closed");
            }
        } else if (entry == null) {
            if (policy.needsMetadata()) {
                notCertified.add("not-in-metadata: " + aaguid + " is not in the FIDO metadata BLOB no. "
                        + metadata.serialNumber());
            }
        } else {
            Optional<StatusReport> compromise = policy.refuseCompromised() ? entry.compromise() : Optional.empty();
            compromise.ifPresent(report -> compromised.add("compromised: " + report));
            CertificationLevel level = entry.certificationLevel();
            if (!level.isAtLeast(policy.minimumLevel())) {
                notCertified.add("not-certified: " + (level == CertificationLevel.NONE ? "not certified"
                        : "certified " + level.label()) + ", the policy requires " + policy.minimumLevel().label());
            } else if (policy.minimumLevel() != CertificationLevel.NONE && !authenticator.attestationTrusted()) {
                // Without a trusted attestation the AAGUID is only a claim, and anyone can claim a certified model.
                notCertified.add("aaguid-unproven: without a trusted attestation the certification of "
                        + name(aaguid, entry) + " cannot be relied on");
            }
        }

        if (notAllowed.isEmpty() && notCertified.isEmpty() && compromised.isEmpty()) {
            return AuthenticatorVerdict.allow();
        }
        List<String> reasons = new ArrayList<>(compromised);
        reasons.addAll(notAllowed);
        reasons.addAll(notCertified);
        // The user is told the most pressing thing: a compromised key must be replaced whatever else is wrong.
        String messageKey = !compromised.isEmpty() ? AuthenticatorVerdict.COMPROMISED
                : !notAllowed.isEmpty() ? AuthenticatorVerdict.NOT_ALLOWED : AuthenticatorVerdict.NOT_CERTIFIED;
        return AuthenticatorVerdict.refuse(messageKey, reasons);
    }

    private static String name(Aaguid aaguid, MetadataEntry entry) {
        return entry == null ? aaguid.toString() : "'" + entry.description() + "' (" + aaguid + ")";
    }
}
