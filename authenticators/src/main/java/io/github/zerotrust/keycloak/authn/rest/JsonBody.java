package io.github.zerotrust.keycloak.authn.rest;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.zerotrust.keycloak.json.JsonFormat;
import jakarta.ws.rs.core.HttpHeaders;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.stream.Collectors;
import org.keycloak.models.KeycloakSession;

/**
 * The one way the suite's REST resources read a request body: at most {@code maxBytes} are read (one more, to
 * tell); a body, and any declared type even without one, must be {@code application/json} (or {@code +json}) in
 * UTF-8; and it must be one JSON object under {@link JsonFormat#strict()}. Whatever is wrong becomes a
 * {@link ProblemException} whose answer says what: {@code invalid-json} (400), {@code body-too-large} (413),
 * {@code unsupported-media-type} (415).
 */
public final class JsonBody {

    private JsonBody() {
    }

    /** The request's JSON object; an empty body is {@code invalid-json}. */
    public static ObjectNode object(KeycloakSession session, InputStream body, int maxBytes) throws ProblemException {
        return read(contentType(session), body, maxBytes, true);
    }

    /** The request's JSON object, or an empty one when the request has no body. */
    public static ObjectNode objectOrEmpty(KeycloakSession session, InputStream body, int maxBytes) throws ProblemException {
        return read(contentType(session), body, maxBytes, false);
    }

    /**
     * The request's body exactly as sent, once it has passed every check {@link #object} makes: for a body whose
     * signature covers its bytes, which a re-serialised object would not reproduce.
     */
    public static byte[] bytes(KeycloakSession session, InputStream body, int maxBytes) throws ProblemException {
        byte[] bytes;
        try {
            bytes = body == null ? new byte[0] : body.readNBytes(maxBytes + 1);
        } catch (IOException e) {
            throw invalid("The body could not be read.");
        }
        read(contentType(session), new java.io.ByteArrayInputStream(bytes), maxBytes, true);
        return bytes;
    }

    /** The request's JSON object bound strictly to {@code type}: unknown fields and wrong types are {@code invalid-json}. */
    public static <T> T value(KeycloakSession session, InputStream body, int maxBytes, Class<T> type) throws ProblemException {
        return bind(object(session, body, maxBytes), type);
    }

    /** Like {@link #value}, but a request with no body binds an empty object (every field takes its default). */
    public static <T> T valueOrEmpty(KeycloakSession session, InputStream body, int maxBytes, Class<T> type) throws ProblemException {
        return bind(objectOrEmpty(session, body, maxBytes), type);
    }

    /** Keycloak-free: {@code contentType} is the request's header as sent, or null. */
    static ObjectNode read(String contentType, InputStream body, int maxBytes, boolean required) throws ProblemException {
        byte[] bytes;
        try {
            bytes = body == null ? new byte[0] : body.readNBytes(maxBytes + 1);
        } catch (IOException e) {
            throw invalid("The body could not be read.");
        }
        // Only a body read whole can be empty: one over the cap that starts with blanks is still too large.
        boolean oversized = bytes.length > maxBytes;
        boolean empty = !oversized && isBlank(bytes);
        // A declared type must be JSON even with no body in sight: the server may have taken a form's body already.
        if (contentType != null && !contentType.isBlank() || !empty) {
            checkContentType(contentType);
        }
        if (empty) {
            if (required) {
                throw invalid("The request needs a JSON object as its body.");
            }
            return JsonFormat.strict().createObjectNode();
        }
        if (oversized) {
            throw new ProblemException(Problem.tooLarge("The body is larger than " + maxBytes + " bytes."));
        }
        JsonNode json;
        try {
            json = JsonFormat.strict().readTree(bytes);
        } catch (StreamConstraintsException e) {
            throw invalid("The body exceeds a limit of the JSON reader: " + plain(e.getOriginalMessage()) + ".");
        } catch (MismatchedInputException e) {
            // The only mapping failure of a tree read: content after the first value.
            throw invalid("The body holds more than one JSON value.");
        } catch (JacksonException e) {
            throw invalid("The body is not valid JSON: " + plain(e.getOriginalMessage())
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")") + ".");
        } catch (IOException e) {
            throw invalid("The body could not be read.");
        }
        if (json == null || !json.isObject()) {
            throw invalid("The body must be one JSON object.");
        }
        return (ObjectNode) json;
    }

    static <T> T bind(ObjectNode json, Class<T> type) throws ProblemException {
        try {
            return JsonFormat.strict().treeToValue(json, type);
        } catch (UnrecognizedPropertyException e) {
            String known = e.getKnownPropertyIds() == null ? "" : e.getKnownPropertyIds().stream().map(String::valueOf)
                    .sorted().collect(Collectors.joining(", "));
            throw invalid("Unknown field " + Problem.quoted(e.getPropertyName())
                    + (known.isEmpty() ? "" : "; the fields are " + known) + ".");
        } catch (JsonMappingException e) {
            String field = e.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            throw invalid(field.isEmpty() ? "The body does not have the expected fields."
                    : "The field " + Problem.quoted(field) + " is not of the expected type.");
        } catch (JacksonException e) {
            throw invalid("The body does not have the expected fields.");
        }
    }

    private static void checkContentType(String header) throws ProblemException {
        String wanted = "Send the body as Content-Type: application/json (UTF-8).";
        if (header == null || header.isBlank()) {
            throw new ProblemException(Problem.unsupportedMediaType("The body has no Content-Type. " + wanted));
        }
        // Keep empty parts: a header of only semicolons has no type (and split would give no parts at all).
        String[] parts = header.split(";", -1);
        String type = parts[0].strip().toLowerCase(Locale.ROOT);
        boolean json = type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
        boolean utf8 = true;
        for (int i = 1; i < parts.length; i++) {
            String[] parameter = parts[i].split("=", 2);
            if (parameter.length == 2 && parameter[0].strip().equalsIgnoreCase("charset")) {
                utf8 = parameter[1].strip().replace("\"", "").equalsIgnoreCase("utf-8");
            }
        }
        if (!json || !utf8) {
            throw new ProblemException(Problem.unsupportedMediaType("The body is " + Problem.quoted(header.strip())
                    + ". " + wanted));
        }
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    /** Jackson's message without its hints at Java and at its own settings. */
    private static String plain(String message) {
        String text = message == null ? "" : message;
        int cut = text.indexOf(" (start marker");
        if (cut < 0) {
            cut = text.indexOf('\n');
        }
        text = cut < 0 ? text : text.substring(0, cut);
        return text.replaceAll(",? from `[^`]*`", "").replaceAll("`[^`]*`", "").strip();
    }

    private static ProblemException invalid(String description) {
        return new ProblemException(Problem.badRequest(Problem.INVALID_JSON, description));
    }

    private static String contentType(KeycloakSession session) {
        return session.getContext().getRequestHeaders().getHeaderString(HttpHeaders.CONTENT_TYPE);
    }
}
