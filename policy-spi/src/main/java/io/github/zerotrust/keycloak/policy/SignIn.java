package io.github.zerotrust.keycloak.policy;

import io.github.zerotrust.keycloak.broker.Upstream;
import io.github.zerotrust.keycloak.risk.Assessment;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The facts of one sign-in at one step of its flow, real or asked by What-If: everything a zero-trust
 * step decides on. The shell gathers it from Keycloak (once per request for the costly parts); What-If
 * builds it from its question; tests write it down.
 *
 * @param who             the user, once a step has identified them
 * @param clientId        the application signing in to
 * @param origin          where the sign-in comes from
 * @param at              when
 * @param device          what {@code Zero Trust - check device} found, if it ran earlier in the flow
 * @param assessment      what {@code Zero Trust - assess sign-in risk} found, if it ran earlier in the flow
 * @param assurance       the level of authentication asked for so far, and the names of the levels
 * @param requestedScopes the OAuth scopes asked for, in the order asked
 * @param matched         the rules that matched earlier in this sign-in and wait for the step that acts on them
 * @param upstream        for a sign-in through an identity provider: which, what its ID token said and what the realm trusts of it
 */
public record SignIn(Optional<Who> who, Optional<String> clientId, Origin origin, Instant at,
                     Optional<DeviceFinding> device, Optional<Assessment> assessment, Assurance assurance,
                     List<String> requestedScopes, List<MatchedRule> matched, Optional<Upstream> upstream) {

    public SignIn {
        who = who == null ? Optional.empty() : who;
        clientId = clientId == null ? Optional.empty() : clientId;
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(at, "at");
        device = device == null ? Optional.empty() : device;
        assessment = assessment == null ? Optional.empty() : assessment;
        assurance = assurance == null ? Assurance.none() : assurance;
        requestedScopes = requestedScopes == null ? List.of() : List.copyOf(requestedScopes);
        matched = matched == null ? List.of() : List.copyOf(matched);
        upstream = upstream == null ? Optional.empty() : upstream;
    }

    /** A sign-in from {@code origin} at {@code at} of which nothing else is known yet. */
    public static SignIn from(Origin origin, Instant at) {
        return new SignIn(Optional.empty(), Optional.empty(), origin, at, Optional.empty(), Optional.empty(),
                Assurance.none(), List.of(), List.of(), Optional.empty());
    }

    public SignIn withWho(Optional<Who> value) {
        return new SignIn(value, clientId, origin, at, device, assessment, assurance, requestedScopes, matched, upstream);
    }

    public SignIn withClient(Optional<String> value) {
        return new SignIn(who, value, origin, at, device, assessment, assurance, requestedScopes, matched, upstream);
    }

    public SignIn withDevice(Optional<DeviceFinding> value) {
        return new SignIn(who, clientId, origin, at, value, assessment, assurance, requestedScopes, matched, upstream);
    }

    public SignIn withAssessment(Optional<Assessment> value) {
        return new SignIn(who, clientId, origin, at, device, value, assurance, requestedScopes, matched, upstream);
    }

    public SignIn withAssurance(Assurance value) {
        return new SignIn(who, clientId, origin, at, device, assessment, value, requestedScopes, matched, upstream);
    }

    public SignIn withRequestedScopes(List<String> value) {
        return new SignIn(who, clientId, origin, at, device, assessment, assurance, value, matched, upstream);
    }

    public SignIn withMatched(List<MatchedRule> value) {
        return new SignIn(who, clientId, origin, at, device, assessment, assurance, requestedScopes, value, upstream);
    }

    public SignIn withUpstream(Optional<Upstream> value) {
        return new SignIn(who, clientId, origin, at, device, assessment, assurance, requestedScopes, matched, value);
    }
}
