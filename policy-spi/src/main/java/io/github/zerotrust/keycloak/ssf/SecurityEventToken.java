package io.github.zerotrust.keycloak.ssf;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A Security Event Token (RFC 8417) that passed every check but its signature's (the shell's, between
 * {@link #checkIssuer} and {@link #check}): one event, about one subject, from the transmitter it claims.
 *
 * @param subject the {@code sub_id} (or, from transmitters of older drafts, the event's {@code subject}); empty when none
 */
public record SecurityEventToken(String jti, Instant issuedAt, String eventType, Map<?, ?> event, Optional<SubjectId> subject) {

    /** RFC 8417's {@code typ} (RFC 7515 lets the {@code application/} prefix be left out). */
    public static final String TYPE = "secevent+jwt";
    public static final Set<String> ALGORITHMS = Set.of("RS256", "ES256", "PS256");
    public static final int MAX_BYTES = 64 * 1024;
    public static final Duration SKEW = Duration.ofSeconds(60);
    static final int MAX_JTI = 256;
    static final int MAX_TYPE = 512;

    /** The JOSE header: {@code typ} must be a SET's and {@code alg} one of {@link #ALGORITHMS}; answers the algorithm. */
    public static String checkHeader(String typ, String alg) throws SetRefused {
        if (typ == null || !(typ.equalsIgnoreCase(TYPE) || typ.equalsIgnoreCase("application/" + TYPE))) {
            throw new SetRefused(SetError.INVALID_REQUEST, "the JWT is not a SET (typ must be secevent+jwt)");
        }
        if (alg == null || !ALGORITHMS.contains(alg)) {
            // none and HMAC above all: a public key must never become a shared secret.
            throw new SetRefused(SetError.INVALID_KEY, "the SET's algorithm is not one of RS256, ES256, PS256");
        }
        return alg;
    }

    /** {@code iss} must be the transmitter's own, before any key of it is looked up. */
    public static void checkIssuer(Map<?, ?> claims, TransmitterSettings transmitter) throws SetRefused {
        if (!(claims.get("iss") instanceof String iss) || !iss.equals(transmitter.issuer())) {
            throw new SetRefused(SetError.INVALID_ISSUER, "the SET's issuer is not this transmitter's");
        }
    }

    /** The claims of a SET whose signature verified: audience, times, {@code jti}, the one event, the subject. */
    public static SecurityEventToken check(Map<?, ?> claims, TransmitterSettings transmitter, Instant now) throws SetRefused {
        checkIssuer(claims, transmitter);
        Object aud = claims.get("aud");
        boolean forUs = aud instanceof String s ? s.equals(transmitter.audience())
                : aud instanceof Collection<?> list && list.contains(transmitter.audience());
        if (!forUs) {
            throw new SetRefused(SetError.INVALID_AUDIENCE, "the SET's audience is not this receiver");
        }
        if (!(claims.get("iat") instanceof Number iatNumber)) {
            throw invalid("the SET has no iat");
        }
        Instant iat = Instant.ofEpochSecond(iatNumber.longValue());
        if (iat.isAfter(now.plus(SKEW))) {
            throw invalid("the SET was issued in the future");
        }
        if (Duration.between(iat, now).compareTo(transmitter.maxAge()) > 0) {
            throw invalid("the SET is older than " + transmitter.maxAge().toSeconds() + " seconds");
        }
        if (claims.get("exp") instanceof Number exp && Instant.ofEpochSecond(exp.longValue()).isBefore(now.minus(SKEW))) {
            throw invalid("the SET has expired");
        }
        if (!(claims.get("jti") instanceof String jti) || jti.isBlank() || jti.length() > MAX_JTI) {
            throw invalid("the SET has no jti");
        }
        if (!(claims.get("events") instanceof Map<?, ?> events) || events.size() != 1) {
            throw invalid("the SET must carry exactly one event");
        }
        Map.Entry<?, ?> only = events.entrySet().iterator().next();
        if (!(only.getKey() instanceof String type) || type.isBlank() || type.length() > MAX_TYPE
                || !(only.getValue() instanceof Map<?, ?> event)) {
            throw invalid("the SET's event is malformed");
        }
        Object subject = claims.get("sub_id");
        if (subject == null) {
            subject = event.get("subject");
        }
        Optional<SubjectId> subjectId = subject == null ? Optional.empty() : Optional.of(SubjectId.parse(subject));
        return new SecurityEventToken(jti, iat, type, event, subjectId);
    }

    private static SetRefused invalid(String why) {
        return new SetRefused(SetError.INVALID_REQUEST, why);
    }
}
