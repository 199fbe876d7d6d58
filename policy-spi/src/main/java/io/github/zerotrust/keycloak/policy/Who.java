package io.github.zerotrust.keycloak.policy;

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
 */
public record Who(String id, String username, Memberships memberships, Set<String> credentialTypes,
                  Set<String> pendingActions, Optional<Instant> mfaGraceStarted) {

    public Who {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(memberships, "memberships");
        credentialTypes = credentialTypes == null ? Set.of() : Set.copyOf(credentialTypes);
        pendingActions = pendingActions == null ? Set.of() : Set.copyOf(pendingActions);
        mfaGraceStarted = mfaGraceStarted == null ? Optional.empty() : mfaGraceStarted;
    }
}
