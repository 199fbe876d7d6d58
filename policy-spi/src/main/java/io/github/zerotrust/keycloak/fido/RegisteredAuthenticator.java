package io.github.zerotrust.keycloak.fido;

import java.util.Locale;
import java.util.Objects;

/**
 * The facts of one WebAuthn credential the policy judges, as the shell read them at registration
 * (and stored with the credential, so sign-in can judge it again under today's policy).
 *
 * @param attestationFormat  {@code none}, {@code packed}, {@code tpm}, {@code android-key}, {@code fido-u2f},
 *                           {@code apple}, ...; null or blank counts as {@code none}
 * @param attestationTrusted whether the shell verified the attestation chain up to one of the model's
 *                           metadata roots; the core only reads the flag
 */
public record RegisteredAuthenticator(Aaguid aaguid, String attestationFormat, boolean attestationTrusted) {

    public static final String NO_ATTESTATION = "none";

    public RegisteredAuthenticator {
        Objects.requireNonNull(aaguid, "aaguid; use Aaguid.NONE");
        attestationFormat = attestationFormat == null || attestationFormat.isBlank()
                ? NO_ATTESTATION : attestationFormat.strip().toLowerCase(Locale.ROOT);
    }

    public boolean attested() {
        return !NO_ATTESTATION.equals(attestationFormat);
    }
}
