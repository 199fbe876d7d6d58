package io.github.zerotrust.keycloak.device;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of judging one posture against a baseline: compliant, non-compliant but still let in
 * during the grace period, or non-compliant; with every failed check, so the page lists all of them
 * at once and the user does not fix one problem only to meet the next.
 *
 * @param failures          every failed check, in {@link Check} order; empty exactly when compliant
 * @param nonCompliantSince when the device fell out of compliance: what the caller stores and passes back
 *                          next time; empty when compliant, so the caller clears it
 * @param graceEnds         when the grace period ends; present exactly when {@link Status#IN_GRACE}
 */
public record ComplianceVerdict(Status status, List<Failure> failures, Optional<Instant> nonCompliantSince,
                                Optional<Instant> graceEnds) {

    public enum Status {
        COMPLIANT, IN_GRACE, NON_COMPLIANT
    }

    private static final ComplianceVerdict COMPLIANT = new ComplianceVerdict(Status.COMPLIANT, List.of(),
            Optional.empty(), Optional.empty());

    public ComplianceVerdict {
        Objects.requireNonNull(status, "status");
        failures = List.copyOf(failures);
        Objects.requireNonNull(nonCompliantSince, "nonCompliantSince");
        Objects.requireNonNull(graceEnds, "graceEnds");
        if ((status == Status.COMPLIANT) != failures.isEmpty()
                || (status == Status.COMPLIANT) != nonCompliantSince.isEmpty()
                || (status == Status.IN_GRACE) != graceEnds.isPresent()) {
            throw new IllegalArgumentException("A compliant verdict has no failures and no start of non-compliance; "
                    + "the others have both, and only one in grace has a grace end.");
        }
    }

    static ComplianceVerdict compliant() {
        return COMPLIANT;
    }

    static ComplianceVerdict inGrace(List<Failure> failures, Instant since, Instant graceEnds) {
        return new ComplianceVerdict(Status.IN_GRACE, failures, Optional.of(since), Optional.of(graceEnds));
    }

    static ComplianceVerdict nonCompliant(List<Failure> failures, Instant since) {
        return new ComplianceVerdict(Status.NON_COMPLIANT, failures, Optional.of(since), Optional.empty());
    }

    /** Compliant, or in grace: the device may be let in (the page may still warn about the failures). */
    public boolean allowsAccess() {
        return status != Status.NON_COMPLIANT;
    }

    /** The ids of the failed checks, such as {@code [os-version, disk-encryption]}, for events and tests. */
    public List<String> failureIds() {
        return failures.stream().map(failure -> failure.check().id()).toList();
    }
}
