package io.github.zerotrust.keycloak.authn.guard;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A change the lockout guard is asked about.
 *
 * @param change    for {@code check}: {@code enforce} or {@code bind}; the other endpoints know their change
 * @param flow      the alias of the top-level flow: the one the step is in (enforce) or the one to bind
 * @param execution enforce: the id of the step's execution in the flow (or give {@code step})
 * @param step      enforce: the alias of the step's configuration (or give {@code execution})
 * @param binding   bind: {@code browser} or {@code direct-grant}
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record GuardRequest(String change, String flow, String execution, String step, String binding) {
}
