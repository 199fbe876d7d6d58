package io.github.zerotrust.keycloak.elevation;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@link ActivationPolicy}'s answer to one {@link ActivationRequest}. The glue turns a grant into an
 * {@link Elevation#start(RecordId, Activation)} (or {@link Elevation#extend(Activation)}) and an answer that
 * needs approval into an {@link ElevationRequest#open}; a refusal it shows with its reason.
 *
 * @param eligibility the eligibility the decision was made under; empty only for {@link Refusal#NOT_ELIGIBLE}
 * @param request     cleaned (justification and ticket stripped, a ticket nobody asked for dropped) unless refused
 * @param decidedAt   when; a grant starts then
 * @param end         for a grant, when it ends: now plus the duration, cut at the eligibility's end
 */
public record Activation(Outcome outcome, Optional<Refusal> refusal, Optional<Eligibility> eligibility, String userId,
                         ActivationRequest request, Instant decidedAt, Optional<Instant> end) {

    public enum Outcome { GRANTED, NEEDS_APPROVAL, REFUSED }

    public Activation {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(decidedAt, "decidedAt");
        if ((outcome == Outcome.REFUSED) != refusal.isPresent() || (outcome == Outcome.GRANTED) != end.isPresent()
                || outcome != Outcome.REFUSED && eligibility.isEmpty()) {
            throw new IllegalArgumentException("A refusal has a reason, a grant an end, and both other outcomes an eligibility.");
        }
    }

    static Activation refused(Refusal reason, Eligibility eligibility, String userId, ActivationRequest request,
                              Instant now) {
        return new Activation(Outcome.REFUSED, Optional.of(reason), Optional.ofNullable(eligibility), userId, request,
                now, Optional.empty());
    }

    public boolean isGranted() {
        return outcome == Outcome.GRANTED;
    }

    public boolean needsApproval() {
        return outcome == Outcome.NEEDS_APPROVAL;
    }

    public boolean isRefused() {
        return outcome == Outcome.REFUSED;
    }
}
