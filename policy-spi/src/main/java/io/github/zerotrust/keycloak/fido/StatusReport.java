package io.github.zerotrust.keycloak.fido;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Set;

/**
 * One entry of an authenticator's status history in the metadata BLOB. The status is kept as text
 * because the FIDO Alliance adds statuses over time; the ones we act on are named here.
 *
 * @param effectiveDate when the status took effect; null when the BLOB does not say (sorted first)
 */
public record StatusReport(String status, LocalDate effectiveDate) {

    /** Statuses that mean keys made by such an authenticator can no longer be trusted. */
    public static final Set<String> COMPROMISE = Set.of("ATTESTATION_KEY_COMPROMISE", "USER_VERIFICATION_BYPASS",
            "USER_KEY_REMOTE_COMPROMISE", "USER_KEY_PHYSICAL_COMPROMISE", "REVOKED");

    public StatusReport {
        Objects.requireNonNull(status, "status");
    }

    public boolean isCompromise() {
        return COMPROMISE.contains(status);
    }

    /** A certification or a compromise; other statuses (UPDATE_AVAILABLE, ...) change neither. */
    boolean isRelevant() {
        return isCompromise() || CertificationLevel.certifiedBy(status).isPresent();
    }

    @Override
    public String toString() {
        return effectiveDate == null ? status : status + " since " + effectiveDate;
    }
}
