package io.github.zerotrust.keycloak.authn.rest;

import java.io.ByteArrayInputStream;

/** The Keycloak-free part of {@link JsonBody} for the fuzz targets of other packages: a body as a resource binds it. */
public final class RequestBodies {

    private RequestBodies() {
    }

    /** What {@link JsonBody#value} gives for this Content-Type header and body, or its refusal. */
    public static <T> T bound(String contentType, byte[] body, int maxBytes, Class<T> type) throws ProblemException {
        return JsonBody.bind(JsonBody.read(contentType, new ByteArrayInputStream(body), maxBytes, true), type);
    }

    /** A refusal of the body reader: one of its three answers, or {@code expected} (the resource's own), never a 500. */
    public static boolean isABodyRefusal(Problem problem, String... expected) {
        boolean reader = problem.status() == 400 && problem.error().equals(Problem.INVALID_JSON)
                || problem.status() == 413 && problem.error().equals(Problem.BODY_TOO_LARGE)
                || problem.status() == 415 && problem.error().equals(Problem.UNSUPPORTED_MEDIA_TYPE);
        return reader || problem.status() == 400 && java.util.List.of(expected).contains(problem.error());
    }
}
