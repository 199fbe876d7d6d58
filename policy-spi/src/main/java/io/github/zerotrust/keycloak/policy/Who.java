package io.github.zerotrust.keycloak.policy;

import io.github.zerotrust.keycloak.guest.Guest;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The user of a sign-in, as far as the steps need them.
 *
 * @param id               the user id
 * @param username         the username
 * @param memberships      which groups and roles they hold
 * @param credentialTypes  the second-factor credential types they have set up ({@code otp}, {@code webauthn},
 *                         {@code webauthn-passwordless}, {@code recovery-authn-code})
 * @param pendingActions   required actions waiting for them in this sign-in (an enrolment among them matters)
 * @param mfaGraceStarted  when {@code Zero Trust - require MFA} first met them without a second factor
 * @param breakGlass       whether the realm marks them as a break-glass (emergency) account: every zero-trust step
 *                         lets them through ({@link StepKind#decide}); Keycloak's own steps still ask for credentials
 * @param guest            whether they come from outside the organisation (guests group or a partner's identity
 *                         provider), with their sponsor and end date
 */
public record Who(String id, String username, Memberships memberships, Set<String> credentialTypes,
                  Set<String> pendingActions, Optional<Instant> mfaGraceStarted, boolean breakGlass, Optional<Guest> guest) {

    public Who {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(memberships, "memberships");
        credentialTypes = credentialTypes == null ? Set.of() : Set.copyOf(credentialTypes);
        pendingActions = pendingActions == null ? Set.of() : Set.copyOf(pendingActions);
        mfaGraceStarted = mfaGraceStarted == null ? Optional.empty() : mfaGraceStarted;
        guest = guest == null ? Optional.empty() : guest;
    }

    /** A member of the organisation (not a guest). */
    public Who(String id, String username, Memberships memberships, Set<String> credentialTypes,
               Set<String> pendingActions, Optional<Instant> mfaGraceStarted, boolean breakGlass) {
        this(id, username, memberships, credentialTypes, pendingActions, mfaGraceStarted, breakGlass, Optional.empty());
    }

    /** An ordinary account (not break-glass). */
    public Who(String id, String username, Memberships memberships, Set<String> credentialTypes,
               Set<String> pendingActions, Optional<Instant> mfaGraceStarted) {
        this(id, username, memberships, credentialTypes, pendingActions, mfaGraceStarted, false, Optional.empty());
    }

    public Who withMfaGraceStarted(Optional<Instant> value) {
        return new Who(id, username, memberships, credentialTypes, pendingActions, value, breakGlass, guest);
    }
}
