package io.github.zerotrust.keycloak.authn.elevation;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.core.Response;
import java.io.IOException;

/** A request's JSON object body within {@value #MAX_CHARS} characters, or the 400 that says what is wrong with it. */
record JsonBody(JsonNode json, Response problem) {

    static final int MAX_CHARS = 8 * 1024;

    /** @param required whether an empty body is a problem; if not, it reads as an empty object */
    static JsonBody of(String body, boolean required) {
        if (body == null || body.isBlank()) {
            return required ? new JsonBody(null, ElevationViews.error(Response.Status.BAD_REQUEST, "invalid-json"))
                    : new JsonBody(ElevationJson.JSON.createObjectNode(), null);
        }
        if (body.length() > MAX_CHARS) {
            return new JsonBody(null, ElevationViews.error(Response.Status.BAD_REQUEST, "body-too-large"));
        }
        try {
            JsonNode json = ElevationJson.JSON.readTree(body);
            return json != null && json.isObject() ? new JsonBody(json, null)
                    : new JsonBody(null, ElevationViews.error(Response.Status.BAD_REQUEST, "invalid-json"));
        } catch (IOException e) {
            return new JsonBody(null, ElevationViews.error(Response.Status.BAD_REQUEST, "invalid-json"));
        }
    }
}
