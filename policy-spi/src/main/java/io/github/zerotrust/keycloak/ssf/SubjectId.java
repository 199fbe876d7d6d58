package io.github.zerotrust.keycloak.ssf;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A subject identifier (RFC 9493) as a SET names it: {@code email}, {@code iss_sub}, {@code opaque}, or a
 * {@code complex} subject whose members {@code user}, {@code session} and {@code device} are simple ones. Other
 * formats (phone numbers, DIDs, aliases...) are read as {@code other}: they name nobody here.
 *
 * @param format  {@code email}, {@code iss_sub}, {@code opaque}, {@code complex} or {@code other}
 * @param email   for {@code email}
 * @param issuer  for {@code iss_sub}
 * @param subject for {@code iss_sub}
 * @param id      for {@code opaque}
 * @param user    for {@code complex}
 * @param session for {@code complex}
 * @param device  for {@code complex}
 */
public record SubjectId(String format, String email, String issuer, String subject, String id,
                        SubjectId user, SubjectId session, SubjectId device) {

    public static final String EMAIL = "email";
    public static final String ISS_SUB = "iss_sub";
    public static final String OPAQUE = "opaque";
    public static final String COMPLEX = "complex";
    public static final String OTHER = "other";
    static final int MAX_VALUE = 512;
    private static final Set<String> OTHER_FORMATS = Set.of("account", "phone_number", "did", "uri", "aliases", "jwt_id",
            "saml_assertion_id", "ip-addresses");
    private static final Set<String> COMPLEX_MEMBERS = Set.of("user", "session", "device", "application", "tenant",
            "org_unit", "group");

    public static SubjectId email(String email) {
        return new SubjectId(EMAIL, email, null, null, null, null, null, null);
    }

    public static SubjectId issSub(String issuer, String subject) {
        return new SubjectId(ISS_SUB, null, issuer, subject, null, null, null, null);
    }

    public static SubjectId opaque(String id) {
        return new SubjectId(OPAQUE, null, null, null, id, null, null, null);
    }

    /** Reads {@code sub_id}; whatever is not a well-formed identifier is a refusal ({@code invalid_request}). */
    public static SubjectId parse(Object raw) throws SetRefused {
        return parse(raw, true);
    }

    private static SubjectId parse(Object raw, boolean complexAllowed) throws SetRefused {
        if (!(raw instanceof Map<?, ?> map)) {
            throw malformed("the subject is not a JSON object");
        }
        Object format = map.get("format");
        if (!(format instanceof String f)) {
            throw malformed("the subject has no format");
        }
        switch (f) {
            case EMAIL:
                return email(text(map, "email"));
            case ISS_SUB:
                return issSub(text(map, "iss"), text(map, "sub"));
            case OPAQUE:
                return opaque(text(map, "id"));
            case COMPLEX:
                if (!complexAllowed) {
                    throw malformed("a complex subject cannot be a member of another");
                }
                for (Object member : map.keySet()) {
                    if (!"format".equals(member) && !COMPLEX_MEMBERS.contains(String.valueOf(member))) {
                        throw malformed("the complex subject has an unknown member");
                    }
                }
                SubjectId user = member(map, "user");
                SubjectId session = member(map, "session");
                SubjectId device = member(map, "device");
                if (user == null && session == null && device == null) {
                    // Application, tenant or group only: nothing the suite acts on, but a well-formed subject.
                    return new SubjectId(COMPLEX, null, null, null, null, null, null, null);
                }
                return new SubjectId(COMPLEX, null, null, null, null, user, session, device);
            default:
                if (OTHER_FORMATS.contains(f)) {
                    return new SubjectId(OTHER, null, null, null, null, null, null, null);
                }
                throw malformed("the subject's format is not one of RFC 9493 or SSF");
        }
    }

    private static SubjectId member(Map<?, ?> map, String name) throws SetRefused {
        Object raw = map.get(name);
        return raw == null ? null : parse(raw, false);
    }

    private static String text(Map<?, ?> map, String member) throws SetRefused {
        Object value = map.get(member);
        if (!(value instanceof String s) || s.isBlank() || s.length() > MAX_VALUE) {
            throw malformed("the subject's " + member + " is missing or malformed");
        }
        return s;
    }

    private static SetRefused malformed(String why) {
        return new SetRefused(SetError.INVALID_REQUEST, why);
    }

    /** The person this identifier names: itself when simple, the {@code user} member of a complex one. */
    public Optional<SubjectId> person() {
        if (COMPLEX.equals(format)) {
            return Optional.ofNullable(user);
        }
        return EMAIL.equals(format) || ISS_SUB.equals(format) ? Optional.of(this) : Optional.empty();
    }

    /** The one session a complex subject names; empty for {@code ALL} (Keycloak's transmitter's word for every session). */
    public Optional<String> sessionId() {
        if (session == null || !OPAQUE.equals(session.format) || "ALL".equals(session.id)) {
            return Optional.empty();
        }
        return Optional.of(session.id);
    }

    /** The device a complex subject names, by its {@code opaque} id. */
    public Optional<String> deviceId() {
        return device != null && OPAQUE.equals(device.format) ? Optional.of(device.id) : Optional.empty();
    }
}
