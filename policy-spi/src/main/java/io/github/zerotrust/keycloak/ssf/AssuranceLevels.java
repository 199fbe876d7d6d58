package io.github.zerotrust.keycloak.ssf;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.zerotrust.keycloak.json.JsonFormat;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A sign-in's level of authentication as CAEP's {@code assurance-level-change} tells it to others: in the
 * {@value #NAMESPACE} namespace, which receivers know, rather than the realm's own level numbers, which they do not.
 * The realm names its levels in {@code acr.loa.map}; the suite's names are {@code mfa} (any second factor, AAL2) and
 * {@code phr} (a phishing-resistant key, AAL3). A level below both is AAL1 (a password). A realm that names neither
 * claims nothing: its levels mean what only it knows.
 */
public final class AssuranceLevels {

    public static final String NAMESPACE = "NIST-AAL";
    static final String MFA = "mfa";
    static final String PHISHING_RESISTANT = "phr";

    private AssuranceLevels() {
    }

    /**
     * The highest level a session reached, from Keycloak's {@code LOA_MAP} note (a JSON object, level to epoch
     * seconds); empty when the note is missing or names no level. Parts that are not levels are skipped.
     */
    public static OptionalInt highestLevel(String loaMap) {
        if (loaMap == null || loaMap.isBlank()) {
            return OptionalInt.empty();
        }
        JsonNode json;
        try {
            json = JsonFormat.lenient().readTree(loaMap);
        } catch (IOException unreadable) {
            return OptionalInt.empty();
        }
        OptionalInt highest = OptionalInt.empty();
        if (json == null || !json.isObject()) {
            return highest;
        }
        for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
            try {
                int level = Integer.parseInt(it.next().strip());
                if (highest.isEmpty() || level > highest.getAsInt()) {
                    highest = OptionalInt.of(level);
                }
            } catch (NumberFormatException notALevel) {
                // skipped
            }
        }
        return highest;
    }

    /**
     * The NIST level of Keycloak level {@code level} under the realm's {@code acr.loa.map}: {@code nist-aal1},
     * {@code nist-aal2} or {@code nist-aal3}; empty when nothing was authenticated or the map names neither level.
     */
    public static Optional<String> nistAal(int level, Map<String, Integer> acrLoaMap) {
        Integer mfa = acrLoaMap.get(MFA);
        Integer phr = acrLoaMap.get(PHISHING_RESISTANT);
        if (level <= 0 || mfa == null && phr == null) {
            return Optional.empty();
        }
        if (phr != null && level >= phr) {
            return Optional.of("nist-aal3");
        }
        if (mfa != null && level >= mfa) {
            return Optional.of("nist-aal2");
        }
        return Optional.of("nist-aal1");
    }
}
