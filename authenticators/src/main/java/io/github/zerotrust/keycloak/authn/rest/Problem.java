package io.github.zerotrust.keycloak.authn.rest;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The one error answer of the suite's REST resources, admin and user alike:
 * {@code {"error": "<stable id>", "error_description": "<human text>"}} with its status, the shape of
 * Keycloak's own OAuth errors. Scripts and SIEM rules read {@code error}, which never changes for a given
 * cause; {@code error_description} is for people and may be reworded.
 *
 * @param status      400, 401, 403, 404, 409, 413 or 415
 * @param error       a stable id in kebab case, such as {@code invalid-json} or {@code step-up-required}
 * @param description what went wrong, in a sentence; control characters are replaced and it is cut to
 *                    {@value #MAX_DESCRIPTION} characters, since it may quote the request
 */
public record Problem(int status, String error, String description) {

    public static final String INVALID_JSON = "invalid-json";
    public static final String BODY_TOO_LARGE = "body-too-large";
    public static final String UNSUPPORTED_MEDIA_TYPE = "unsupported-media-type";
    public static final String BEARER_TOKEN_REQUIRED = "bearer-token-required";
    static final int MAX_DESCRIPTION = 1000;
    static final int QUOTED = 60;
    private static final Pattern ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    public Problem {
        if (status < 400 || status > 499) {
            throw new IllegalArgumentException("a problem is a 4xx answer, not " + status);
        }
        if (error == null || !ID.matcher(error).matches()) {
            throw new IllegalArgumentException("not a stable error id: " + error);
        }
        description = clean(Objects.requireNonNullElse(description, error));
    }

    public static Problem badRequest(String error, String description) {
        return new Problem(400, error, description);
    }

    /** 401 with {@code WWW-Authenticate: Bearer}: the user endpoints need the user's bearer token. */
    public static Problem bearerTokenRequired() {
        return new Problem(401, BEARER_TOKEN_REQUIRED, "A bearer token of a user of this realm is needed.");
    }

    public static Problem forbidden(String error, String description) {
        return new Problem(403, error, description);
    }

    public static Problem notFound(String error, String description) {
        return new Problem(404, error, description);
    }

    public static Problem conflict(String error, String description) {
        return new Problem(409, error, description);
    }

    public static Problem tooLarge(String description) {
        return new Problem(413, BODY_TOO_LARGE, description);
    }

    public static Problem unsupportedMediaType(String description) {
        return new Problem(415, UNSUPPORTED_MEDIA_TYPE, description);
    }

    /** The answer's JSON members, in this order. */
    public Map<String, String> body() {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", description);
        return body;
    }

    public Response response() {
        Response.ResponseBuilder answer = Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.CACHE_CONTROL, "no-store").entity(body());
        if (status == 401) {
            answer.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return answer.build();
    }

    /** A name from the request, fit to quote in a description. */
    public static String quoted(String text) {
        if (text == null) {
            return "''";
        }
        String clean = text.replaceAll("\\p{Cntrl}", "?");
        return "'" + (clean.length() <= QUOTED ? clean : clean.substring(0, QUOTED) + "...") + "'";
    }

    private static String clean(String text) {
        String clean = text.replaceAll("\\p{Cntrl}", "?").strip();
        return clean.length() <= MAX_DESCRIPTION ? clean : clean.substring(0, MAX_DESCRIPTION - 3) + "...";
    }
}
