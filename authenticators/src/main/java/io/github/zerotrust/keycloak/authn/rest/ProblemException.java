package io.github.zerotrust.keycloak.authn.rest;

/** A request the resource cannot take, with the answer that says why; checked, so no resource forgets to answer it. */
public final class ProblemException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        // No stack trace: this is an answer to bad input, not a fault to debug.
        super(problem.error() + ": " + problem.description(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
