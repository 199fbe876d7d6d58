package io.github.zerotrust.keycloak.authn.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProblemTest {

    @Test
    void isTheErrorAndItsDescriptionInKeycloaksShape() {
        Problem problem = Problem.forbidden("step-up-required", "Sign in again with the required strength.");

        assertThat(problem.status()).isEqualTo(403);
        assertThat(problem.body()).containsExactly(
                org.assertj.core.api.Assertions.entry("error", "step-up-required"),
                org.assertj.core.api.Assertions.entry("error_description", "Sign in again with the required strength."));
    }

    @Test
    void theStatusesOfTheFactories() {
        assertThat(Problem.badRequest("invalid-zone", "x").status()).isEqualTo(400);
        assertThat(Problem.bearerTokenRequired().status()).isEqualTo(401);
        assertThat(Problem.notFound("no-such-zone", "x").status()).isEqualTo(404);
        assertThat(Problem.conflict("already-active", "x").status()).isEqualTo(409);
        assertThat(Problem.tooLarge("x").error()).isEqualTo("body-too-large");
        assertThat(Problem.tooLarge("x").status()).isEqualTo(413);
        assertThat(Problem.unsupportedMediaType("x").status()).isEqualTo(415);
    }

    @Test
    void anErrorIsAStableIdNotAMessage() {
        assertThatThrownBy(() -> Problem.badRequest("The zone is invalid", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Problem(500, "oops", "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDescriptionQuotingTheRequestCannotBreakLinesOrGrowWithoutBound() {
        Problem problem = Problem.notFound("no-such-device", "No device " + Problem.quoted("evil\r\nSet-Cookie: x" + "y".repeat(5000)));

        assertThat(problem.description()).doesNotContain("\r", "\n").hasSizeLessThanOrEqualTo(Problem.MAX_DESCRIPTION)
                .startsWith("No device 'evil??Set-Cookie: x").endsWith("...'");
        assertThat(Problem.badRequest("invalid-json", "x".repeat(5000)).description()).hasSize(Problem.MAX_DESCRIPTION);
    }
}
