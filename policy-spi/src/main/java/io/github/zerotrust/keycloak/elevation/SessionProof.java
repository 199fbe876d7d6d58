package io.github.zerotrust.keycloak.elevation;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the caller's token or session proves about who acts and how they signed in, as the glue read it: whether an
 * admin is impersonating the user, whether the session is restricted (an unmanaged device), whether the token was
 * issued to an app the realm lists, which strengths it shows and when, when the session started, and when the
 * user's newest second factor was set up. The rules of who may ask and who may approve are here, in one place.
 *
 * @param authentications the strengths the presented token (or, for a page, the session) itself shows
 * @param sessionStarted  when the session began; empty when unknown (then a factor's age cannot be judged)
 * @param newestFactor    when the user's newest second factor was set up, if they have one
 */
public record SessionProof(boolean impersonated, boolean restricted, boolean clientAllowed,
                           List<RecentAuthentication> authentications, Optional<Instant> sessionStarted,
                           Optional<Instant> newestFactor) {

    public SessionProof {
        authentications = List.copyOf(authentications);
        Objects.requireNonNull(sessionStarted, "sessionStarted");
        Objects.requireNonNull(newestFactor, "newestFactor");
    }

    /** A plain session of the user's own, from a listed app, showing {@code authentications}. */
    public static SessionProof of(Collection<RecentAuthentication> authentications) {
        return new SessionProof(false, false, true, List.copyOf(authentications), Optional.empty(), Optional.empty());
    }

    /** Who may ask for (or extend) an elevation at all, before any eligibility is looked at. */
    public Optional<Refusal> mayAsk() {
        if (impersonated) {
            return Optional.of(Refusal.IMPERSONATED);
        }
        return clientAllowed ? Optional.empty() : Optional.of(Refusal.CLIENT_NOT_ALLOWED);
    }

    /** Who may answer a request at all; the request's own rules come after this. */
    public Optional<Refusal> mayAnswer() {
        return mayAsk();
    }

    /** The session checks an answer needs once the request's rules are met: unrestricted, with a fresh factor. */
    public Optional<Refusal> answerStepUp(Strength demanded, Duration maxAge, Instant now) {
        if (restricted) {
            return Optional.of(Refusal.RESTRICTED_SESSION);
        }
        return stepUp(demanded, maxAge, now);
    }

    /**
     * Whether the session shows {@code demanded} within {@code maxAge}. A second factor set up at or after the start
     * of this very session never counts: whoever signed in with the password alone could have set it up (when the
     * start is unknown, a factor counts as set up in it).
     */
    public Optional<Refusal> stepUp(Strength demanded, Duration maxAge, Instant now) {
        if (demanded == Strength.NONE) {
            return Optional.empty();
        }
        if (authentications.stream().noneMatch(a -> a.meets(demanded, maxAge, now))) {
            return Optional.of(Refusal.STEP_UP_REQUIRED);
        }
        if (newestFactor.isPresent() && (sessionStarted.isEmpty() || !newestFactor.get().isBefore(sessionStarted.get()))) {
            return Optional.of(Refusal.NEW_FACTOR_IN_SESSION);
        }
        return Optional.empty();
    }
}
