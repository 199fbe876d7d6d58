package io.github.zerotrust.keycloak.elevation;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides an activation: grant now, ask approvers, or refuse with one {@link Refusal}. The input is checked
 * before the step-up, so a user is never sent to touch a security key only to be refused for a typo after.
 *
 * <p>Order: who asks ({@code impersonated}, {@code client-not-allowed}: before anything about the role is said),
 * {@code not-eligible}, {@code eligibility-ended}, {@code duration-not-positive}, {@code duration-too-long},
 * {@code justification-malformed} / {@code -too-long} / {@code -missing}, {@code ticket-malformed} / {@code -missing},
 * {@code new-factor-in-session}, {@code step-up-required}; then approval or grant.
 */
public final class ActivationPolicy {

    /** Longer than any change or incident number; keeps an admin's ticket pattern from meeting long input. */
    public static final int MAX_TICKET_LENGTH = 100;

    private final ElevationSettings settings;

    public ActivationPolicy(ElevationSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * Decides under the user's eligibilities for the requested role (those of other roles and other users are
     * ignored, so the glue may pass all it found). With several — one direct, one through a group — the most
     * favourable answer wins: a grant (the one ending latest) over approval over refusal over
     * {@code eligibility-ended}; among equals, the first given. Unknown roles are simply {@code not-eligible}, which tells nobody whether a role exists.
     *
     * @param authentications every strength the user's session reached, with its time
     */
    public Activation decide(Collection<Eligibility> eligibilities, Actor user, ActivationRequest request,
                             Collection<RecentAuthentication> authentications, Instant now) {
        return decide(eligibilities, user, request, SessionProof.of(authentications), now);
    }

    /**
     * Decides for a caller whose session proves what {@code proof} says: an impersonated session or a token of an app
     * the realm does not list is refused before any eligibility is looked at; the step-up is what the proof shows.
     */
    public Activation decide(Collection<Eligibility> eligibilities, Actor user, ActivationRequest request,
                             SessionProof proof, Instant now) {
        Optional<Refusal> caller = proof.mayAsk();
        if (caller.isPresent()) {
            return Activation.refused(caller.get(), null, user.userId(), request, now);
        }
        List<Eligibility> forRole = eligibilities.stream()
                .filter(e -> e.role().equals(request.role()) && e.appliesTo(user)).toList();
        if (forRole.isEmpty()) {
            return Activation.refused(Refusal.NOT_ELIGIBLE, null, user.userId(), request, now);
        }
        Activation best = null;
        for (Eligibility eligibility : forRole) {
            Activation candidate = eligibility.hasEnded(now)
                    ? Activation.refused(Refusal.ELIGIBILITY_ENDED, eligibility, user.userId(), request, now)
                    : decide(eligibility, user.userId(), request, proof, now);
            if (best == null || better(candidate, best)) {
                best = candidate;
            }
        }
        return best;
    }

    private Activation decide(Eligibility eligibility, String userId, ActivationRequest request, SessionProof proof,
                              Instant now) {
        Duration duration = request.duration();
        if (duration.isNegative() || duration.isZero()) {
            return Activation.refused(Refusal.DURATION_NOT_POSITIVE, eligibility, userId, request, now);
        }
        if (duration.compareTo(eligibility.maxDuration()) > 0) {
            return Activation.refused(Refusal.DURATION_TOO_LONG, eligibility, userId, request, now);
        }
        FreeText.Cleaned justification = FreeText.clean(request.justification(), settings.maxJustificationLength());
        Refusal refusal = switch (justification.check()) {
            case MALFORMED -> Refusal.JUSTIFICATION_MALFORMED;
            case TOO_LONG -> Refusal.JUSTIFICATION_TOO_LONG;
            case OK -> justification.text().isEmpty() && eligibility.justificationRequired()
                    ? Refusal.JUSTIFICATION_MISSING : null;
        };
        Optional<String> ticket = Optional.empty();
        if (refusal == null && eligibility.ticketMode() != TicketMode.NONE) {
            FreeText.Cleaned cleaned = FreeText.clean(request.ticket().orElse(null), MAX_TICKET_LENGTH);
            if (cleaned.check() != FreeText.Check.OK
                    || !cleaned.text().isEmpty() && !eligibility.ticketMatches(cleaned.text())) {
                refusal = Refusal.TICKET_MALFORMED;
            } else if (cleaned.text().isEmpty() && eligibility.ticketMode() == TicketMode.REQUIRED) {
                refusal = Refusal.TICKET_MISSING;
            }
            ticket = Optional.of(cleaned.text()).filter(t -> !t.isEmpty());
        }
        if (refusal == null) {
            refusal = proof.stepUp(eligibility.stepUp(), eligibility.stepUpMaxAge(), now).orElse(null);
        }
        if (refusal != null) {
            return Activation.refused(refusal, eligibility, userId, request, now);
        }
        ActivationRequest cleaned = new ActivationRequest(request.role(), duration, justification.text(), ticket);
        if (eligibility.requiresApproval()) {
            return new Activation(Activation.Outcome.NEEDS_APPROVAL, Optional.empty(), Optional.of(eligibility), userId,
                    cleaned, now, Optional.empty());
        }
        return new Activation(Activation.Outcome.GRANTED, Optional.empty(), Optional.of(eligibility), userId, cleaned,
                now, Optional.of(eligibility.endOfActivation(now, duration)));
    }

    private static boolean better(Activation candidate, Activation best) {
        int rank = rank(candidate) - rank(best);
        return rank > 0 || rank == 0 && candidate.isGranted() && candidate.end().get().isAfter(best.end().get());
    }

    private static int rank(Activation activation) {
        return switch (activation.outcome()) {
            case GRANTED -> 3;
            case NEEDS_APPROVAL -> 2;
            // An ended eligibility says least: a live one's refusal tells the user what to fix.
            case REFUSED -> activation.refusal().get() == Refusal.ELIGIBILITY_ENDED ? 0 : 1;
        };
    }
}
