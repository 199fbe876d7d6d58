package io.github.zerotrust.keycloak.it.harness;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpHeaders;

/** A response as tests look at it. */
public record HttpResult(int status, String body, HttpHeaders headers) {

    public JsonNode json() {
        return Json.parse(body);
    }

    public HttpResult expect(int expected) {
        if (status != expected) {
            throw new AssertionError("Expected HTTP " + expected + " but got " + status + ": " + body);
        }
        return this;
    }

    @Override
    public String toString() {
        return status + " " + body;
    }
}
