package io.github.zerotrust.keycloak.device;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.zerotrust.keycloak.json.JsonFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads the JSON body an agent or MDM pushes to the device registry into a {@link Posture} from
 * {@link Posture#REGISTRY}. The fields are those of {@link PostureClaims} (snake_case, one vocabulary for
 * both ways in), with {@code reported_at} instead of {@code iat}:
 *
 * <pre>{@code
 * {"device_id": "LAPTOP-7Q2", "platform": "windows", "os_version": "10.0.22631.2861",
 *  "disk_encrypted": true, "firewall": true, "av_running": true, "av_signatures_at": "2026-06-10T06:00:00Z",
 *  "screen_lock": true, "jailbroken": false, "threat": "clear", "managed": true,
 *  "reported_at": "2026-06-10T09:55:00Z"}
 * }</pre>
 *
 * <p>Strict, unlike the token mapping: this is an integration endpoint, and the integrator should learn
 * of a mistake when writing it, not from users refused later. So the body is at most {@link #MAX_BYTES},
 * one JSON object, no duplicate or unknown fields (a misspelt {@code disk_encypted} would otherwise pass
 * silently as "not reported"), every value of its type or {@code null} (unknown), {@code device_id}
 * required, dates as epoch seconds or ISO-8601 from 2000 to a few minutes after receipt. Anything else is a
 * {@link PostureException} listing every problem. Without {@code reported_at} the report counts from its receipt.
 */
public final class PostureReport {

    public static final int MAX_BYTES = 16 * 1024;
    public static final String REPORTED_AT = "reported_at";
    static final int MAX_PROBLEMS_LISTED = 20;
    private static final List<String> FIELD_ORDER = List.of(PostureClaims.DEVICE_ID, PostureClaims.PLATFORM,
            PostureClaims.OS_VERSION, PostureClaims.DISK_ENCRYPTED, PostureClaims.FIREWALL, PostureClaims.AV_RUNNING,
            PostureClaims.AV_SIGNATURES_AT, PostureClaims.SCREEN_LOCK, PostureClaims.JAILBROKEN, PostureClaims.THREAT,
            PostureClaims.MANAGED, PostureClaims.MDM_COMPLIANCE, REPORTED_AT);
    /** Every field a report may hold. */
    public static final Set<String> FIELDS = Set.copyOf(FIELD_ORDER);

    private static final ObjectMapper JSON = JsonFormat.strict();

    private PostureReport() {
    }

    /** Reads at most {@link #MAX_BYTES} (plus one, to tell) from the request body; the caller closes it. */
    public static Posture parse(InputStream body, Instant receivedAt) throws PostureException {
        byte[] bytes;
        try {
            bytes = body.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw new PostureException("The posture report could not be read: " + e.getMessage(), e);
        }
        return parse(bytes, receivedAt);
    }

    public static Posture parse(String json, Instant receivedAt) throws PostureException {
        // A character is at least one byte, so a text this long is oversized without encoding it.
        if (json != null && json.length() > MAX_BYTES) {
            throw oversized();
        }
        return parse(json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8), receivedAt);
    }

    private static Posture parse(byte[] json, Instant receivedAt) throws PostureException {
        Objects.requireNonNull(receivedAt, "receivedAt");
        if (json.length > MAX_BYTES) {
            throw oversized();
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new PostureException("The posture report is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")"), e);
        } catch (IOException e) {
            throw new PostureException("The posture report could not be read: " + e.getMessage(), e);
        }
        return parse(root, receivedAt);
    }

    /**
     * A report already read as JSON (by a reader that applied the same limits: {@link #MAX_BYTES}, duplicate
     * keys and trailing content refused); the fields are checked here as for a body.
     */
    public static Posture parse(JsonNode root, Instant receivedAt) throws PostureException {
        Objects.requireNonNull(receivedAt, "receivedAt");
        if (root == null || !root.isObject()) {
            throw new PostureException("The posture report must be one JSON object.");
        }

        Map<String, Object> values = new HashMap<>();
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            if (FIELDS.contains(field.getKey())) {
                values.put(field.getKey(), plain(field.getValue()));
            } else {
                unknown.add(field.getKey());
            }
        }
        PostureFields in = new PostureFields(values, receivedAt.plus(Compliance.CLOCK_SKEW));
        for (String name : unknown) {
            in.problem(name.length() <= 40 ? name : name.substring(0, 40) + "...", "not a posture field");
        }
        String deviceId = in.deviceId(PostureClaims.DEVICE_ID);
        if (values.get(PostureClaims.DEVICE_ID) == null) {
            in.problem(PostureClaims.DEVICE_ID, "required");
        }
        Posture.Builder posture = in.facts(Posture.from(Posture.REGISTRY)).deviceId(deviceId);
        Instant reportedAt = in.time(REPORTED_AT);
        List<String> problems = in.problems();
        if (!problems.isEmpty()) {
            // Bounded, since the message may go back to the agent: a 16 KiB body can hold thousands of fields.
            String listed = String.join("; ", problems.subList(0, Math.min(problems.size(), MAX_PROBLEMS_LISTED)))
                    + (problems.size() > MAX_PROBLEMS_LISTED ? "; and " + (problems.size() - MAX_PROBLEMS_LISTED)
                    + " more" : "");
            throw new PostureException("The posture report is invalid: " + listed
                    + (unknown.isEmpty() ? "" : " (the fields are " + String.join(", ", FIELD_ORDER) + ")") + ".");
        }
        return posture.reportedAt(reportedAt != null ? reportedAt : receivedAt).build();
    }

    // JSON scalars as the plain values PostureFields reads; objects and arrays stay nodes, a wrong type there.
    private static Object plain(JsonNode node) {
        if (node.isNull()) {
            return null;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        return node.isNumber() ? node.numberValue() : node;
    }

    private static PostureException oversized() {
        return new PostureException("The posture report is larger than " + MAX_BYTES + " bytes.");
    }
}
