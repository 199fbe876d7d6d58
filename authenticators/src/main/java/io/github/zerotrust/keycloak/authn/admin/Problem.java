package io.github.zerotrust.keycloak.authn.admin;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** Error bodies in the shape Keycloak's own admin API uses: {@code {"error": "..."}}. */
final class Problem {

    private Problem() {
    }

    static Response badRequest(String message) {
        return of(Response.Status.BAD_REQUEST, message);
    }

    static Response notFound(String message) {
        return of(Response.Status.NOT_FOUND, message);
    }

    private static Response of(Response.Status status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(Map.of("error", message)).build();
    }
}
