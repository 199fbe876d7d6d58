package io.github.zerotrust.keycloak.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The suite's one JSON configuration: every mapper in main code comes from here (an architecture test
 * holds that), so a hardening made once holds for every reader.
 *
 * <p>{@link #strict()} is for what comes from outside — REST bodies, posture reports, an MDM's answers,
 * anything an attacker may write: unknown properties, duplicate keys, trailing content and scalar coercion
 * ({@code "true"} for {@code true}) are errors, and the parser stops at the {@link #STRICT_LIMITS}, so a
 * deeply nested or huge document costs nothing before it is refused. Callers still cap the bytes they read.
 *
 * <p>{@link #lenient()} is for formats that grow by additions we must not refuse: records we stored
 * ourselves (a newer node may have written a field this one does not know, during a rolling upgrade) and
 * signed documents whose publisher adds fields (the FIDO metadata BLOB). It ignores unknown properties and
 * coerces scalars as Jackson does by default; duplicate keys and trailing content stay errors, and its
 * limits ({@link #LENIENT_LIMITS}) fit the 20 MB metadata BLOB.
 *
 * <p>Both are shared and thread-safe. Never reconfigure them: derive an {@code ObjectReader} instead.
 */
public final class JsonFormat {

    /** Enough for every body the suite accepts (at most 256 KiB, 2,000 zone ranges), far below harm. */
    public static final StreamReadConstraints STRICT_LIMITS = StreamReadConstraints.builder()
            .maxNestingDepth(32)
            .maxDocumentLength(1024 * 1024)
            .maxTokenCount(200_000)
            .maxStringLength(256 * 1024)
            .maxNameLength(1024)
            .maxNumberLength(100)
            .build();

    /** Fits the FIDO metadata BLOB (a few MB, at most 20 MB, icons as long data URLs). */
    public static final StreamReadConstraints LENIENT_LIMITS = StreamReadConstraints.builder()
            .maxNestingDepth(64)
            .maxDocumentLength(32L * 1024 * 1024)
            .maxStringLength(4 * 1024 * 1024)
            .maxNameLength(1024)
            .maxNumberLength(100)
            .build();

    private static final ObjectMapper STRICT = configured(STRICT_LIMITS, true);
    private static final ObjectMapper LENIENT = configured(LENIENT_LIMITS, false);

    private JsonFormat() {
    }

    /** For input from outside. */
    public static ObjectMapper strict() {
        return STRICT;
    }

    /** For stored records and signed documents that grow by additions. */
    public static ObjectMapper lenient() {
        return LENIENT;
    }

    private static ObjectMapper configured(StreamReadConstraints limits, boolean strict) {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(limits)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        return JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, strict)
                .configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, !strict)
                .build();
    }
}
