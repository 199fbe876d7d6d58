package io.github.zerotrust.keycloak.ssf;

import io.github.zerotrust.keycloak.signals.Trigger;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One trusted transmitter of a realm: who it is ({@code issuer}), where its signing keys are ({@code jwksUri}, or
 * {@code jwks} given by the admin), the audience its SETs must name, how old a SET may be, which triggers it may cause,
 * and how its SETs arrive: pushed (RFC 8935) with a bearer secret whose SHA-256 is kept (the secret itself is answered
 * once, never stored), or polled (RFC 8936, {@link PollDelivery}) by the receiver.
 *
 * @param jwks      a JWKS document as JSON, when the keys are given rather than fetched
 * @param triggers  what this transmitter may cause; a mapped event outside them is recorded and nothing is done
 * @param secretSha256 hex SHA-256 of the push secret; null for a poll transmitter (nothing may push as it)
 * @param poll      how the receiver polls it; null for push delivery
 */
public record TransmitterSettings(String alias, String issuer, String jwksUri, String jwks, String audience, Duration maxAge,
                                  Set<Trigger> triggers, String secretSha256, PollDelivery poll) {

    public static final String ISSUER = "issuer";
    public static final String JWKS_URI = "jwksUri";
    public static final String JWKS = "jwks";
    public static final String AUDIENCE = "audience";
    public static final String MAX_AGE = "maxAgeSeconds";
    public static final String TRIGGERS = "triggers";
    public static final String SECRET_SHA256 = "pushSecretSha256";
    public static final String DELIVERY = "delivery";
    public static final String PUSH = "push";
    public static final String POLL = "poll";
    /** The fields an admin may send. */
    public static final Set<String> INPUT = Stream.concat(Stream.of(ISSUER, JWKS_URI, JWKS, AUDIENCE, MAX_AGE, TRIGGERS, DELIVERY),
            PollDelivery.FIELDS.stream()).collect(Collectors.toUnmodifiableSet());

    public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(10);
    static final long MIN_MAX_AGE = 30;
    static final long MAX_MAX_AGE = 24 * 3600;
    static final int MAX_TEXT = 512;
    static final int MAX_JWKS = 64 * 1024;
    private static final Pattern ALIAS = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-f]{64}");

    public TransmitterSettings {
        // Unmodifiable: one record read from the realm is shared by the requests of a node.
        triggers = Collections.unmodifiableSet(triggers.isEmpty() ? EnumSet.noneOf(Trigger.class) : EnumSet.copyOf(triggers));
    }

    public static boolean isAlias(String alias) {
        return alias != null && ALIAS.matcher(alias).matches();
    }

    public boolean mayCause(Trigger trigger) {
        return triggers.contains(trigger);
    }

    public boolean isPolled() {
        return poll != null;
    }

    public Optional<String> staticJwks() {
        return Optional.ofNullable(jwks);
    }

    public TransmitterSettings withSecret(String sha256) {
        return new TransmitterSettings(alias, issuer, jwksUri, jwks, audience, maxAge, triggers, sha256, poll);
    }

    /**
     * An admin's input (the JSON object, read into maps and lists), checked whole: every problem is listed.
     *
     * @param jwksText the {@code jwks} member as JSON text (the caller serialises it), or null
     * @param secretSha256 the push secret's hash; ignored (may be null) when the input asks for poll delivery
     * @throws IllegalArgumentException with every problem, one sentence each
     */
    public static TransmitterSettings fromInput(String alias, Map<String, Object> input, String jwksText, String secretSha256) {
        List<String> problems = new ArrayList<>();
        if (!isAlias(alias)) {
            problems.add("The alias must be 1 to 63 lower-case letters, digits or '-'.");
        }
        for (String field : input.keySet()) {
            if (!INPUT.contains(field)) {
                problems.add("Unknown field '" + abbreviated(field) + "'; the fields are " + String.join(", ", INPUT.stream().sorted().toList()) + ".");
            }
        }
        String issuer = text(input, ISSUER, problems, true);
        if (issuer != null && !absoluteUri(issuer, false)) {
            problems.add("'issuer' must be an absolute URI (the transmitter's iss).");
        }
        String audience = text(input, AUDIENCE, problems, true);
        String jwksUri = text(input, JWKS_URI, problems, false);
        if (jwksUri != null && !absoluteUri(jwksUri, true)) {
            problems.add("'jwksUri' must be an http(s) URL.");
        }
        boolean hasJwks = input.get(JWKS) != null;
        if (hasJwks && !(input.get(JWKS) instanceof Map)) {
            problems.add("'jwks' must be a JWKS object ({\"keys\": [...]}).");
        } else if (hasJwks && (jwksText == null || jwksText.length() > MAX_JWKS)) {
            problems.add("'jwks' is larger than " + MAX_JWKS + " bytes.");
        }
        if ((jwksUri == null) == !hasJwks) {
            problems.add("Give exactly one of 'jwksUri' and 'jwks'.");
        }
        Duration maxAge = DEFAULT_MAX_AGE;
        Object age = input.get(MAX_AGE);
        if (age != null) {
            if (age instanceof Number n && n.doubleValue() == n.longValue() && n.longValue() >= MIN_MAX_AGE && n.longValue() <= MAX_MAX_AGE) {
                maxAge = Duration.ofSeconds(n.longValue());
            } else {
                problems.add("'" + MAX_AGE + "' must be a whole number of seconds from " + MIN_MAX_AGE + " to " + MAX_MAX_AGE + ".");
            }
        }
        Set<Trigger> triggers = EnumSet.copyOf(SsfEvents.MAPPED_TRIGGERS);
        Object asked = input.get(TRIGGERS);
        if (asked != null) {
            triggers = EnumSet.noneOf(Trigger.class);
            if (!(asked instanceof Collection<?> list)) {
                problems.add("'" + TRIGGERS + "' must be a list of trigger ids.");
            } else {
                for (Object id : list) {
                    Optional<Trigger> trigger = id instanceof String s ? Trigger.parse(s) : Optional.empty();
                    if (trigger.isEmpty() || !SsfEvents.MAPPED_TRIGGERS.contains(trigger.get())) {
                        problems.add("'" + TRIGGERS + "': " + (id instanceof String s ? "'" + abbreviated(s) + "'" : "a non-text value")
                                + " is not a trigger a transmitter can cause; these are " + knownTriggers() + ".");
                    } else {
                        triggers.add(trigger.get());
                    }
                }
            }
        }
        PollDelivery poll = null;
        Object delivery = input.get(DELIVERY);
        if (POLL.equals(delivery)) {
            poll = PollDelivery.fromInput(input, problems);
        } else if (delivery == null || PUSH.equals(delivery)) {
            for (String field : PollDelivery.FIELDS.stream().sorted().toList()) {
                if (input.containsKey(field)) {
                    problems.add("'" + field + "' is for poll delivery only; a push transmitter (\"delivery\": \"push\") has none.");
                }
            }
        } else {
            problems.add("'" + DELIVERY + "' must be \"push\" (the transmitter sends, the default) or \"poll\" (the receiver fetches).");
        }
        if (poll == null && POLL.equals(delivery) || !problems.isEmpty()) {
            throw new IllegalArgumentException(String.join(" ", problems));
        }
        if (poll == null && (secretSha256 == null || !HEX_SHA256.matcher(secretSha256).matches())) {
            throw new IllegalStateException("a push transmitter needs the SHA-256 of its push secret");
        }
        return new TransmitterSettings(alias, issuer, jwksUri, hasJwks ? jwksText : null, audience, maxAge, triggers,
                poll == null ? secretSha256 : null, poll);
    }

    /** The stored form: {@link #toStored()} read back; a record that does not read is empty (and ignored). */
    public static Optional<TransmitterSettings> fromStored(String alias, Map<String, Object> stored) {
        try {
            Map<String, Object> input = new LinkedHashMap<>(stored);
            Object secret = input.remove(SECRET_SHA256);
            Object jwks = input.remove(JWKS);
            if (jwks != null) {
                input.put(JWKS, Map.of());
            }
            // A newer node may have stored a field this one does not know: it is left aside, not a reason to distrust.
            input.keySet().retainAll(INPUT);
            TransmitterSettings read = fromInput(alias, input, jwks instanceof String s ? s : null,
                    secret instanceof String s ? s : null);
            return Optional.of(read);
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    /** What is stored (with the secret's hash) and, without it, what a GET answers. */
    public Map<String, Object> toStored() {
        Map<String, Object> out = toView();
        out.remove(JWKS);
        if (jwks != null) {
            out.put(JWKS, jwks);
        }
        if (poll != null) {
            PollDelivery.FIELDS.forEach(out::remove);
            out.remove(PollDelivery.AUTHENTICATION);
            out.putAll(poll.toStored());
        } else {
            out.put(SECRET_SHA256, secretSha256);
        }
        return out;
    }

    /** What an admin reads: never the secret's hash (a fast hash of a guessable secret would be a risk). */
    public Map<String, Object> toView() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(ISSUER, issuer);
        if (jwksUri != null) {
            out.put(JWKS_URI, jwksUri);
        }
        if (jwks != null) {
            out.put(JWKS, jwks);
        }
        out.put(AUDIENCE, audience);
        out.put(MAX_AGE, maxAge.toSeconds());
        out.put(TRIGGERS, triggers.stream().map(Trigger::id).toList());
        out.put(DELIVERY, poll == null ? PUSH : POLL);
        if (poll != null) {
            out.putAll(poll.toView());
        }
        return out;
    }

    private static String knownTriggers() {
        return String.join(", ", SsfEvents.MAPPED_TRIGGERS.stream().map(Trigger::id).sorted().toList());
    }

    static String text(Map<String, Object> input, String field, List<String> problems, boolean required) {
        Object value = input.get(field);
        if (value == null) {
            if (required) {
                problems.add("'" + field + "' is required.");
            }
            return null;
        }
        // Issuers and URLs are ASCII (RFC 3986), and so is every audience seen in practice: nothing that renders one
        // way and compares another (an RTL override, a BOM) gets into a value that must match exactly.
        if (!(value instanceof String s) || s.isEmpty() || s.length() > MAX_TEXT || !s.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            problems.add("'" + field + "' must be 1 to " + MAX_TEXT + " printable ASCII characters without spaces.");
            return null;
        }
        return s;
    }

    private static boolean absoluteUri(String text, boolean httpOnly) {
        try {
            URI uri = new URI(text);
            if (!uri.isAbsolute() || uri.getScheme() == null) {
                return false;
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            return !httpOnly || (scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static String abbreviated(String text) {
        String clean = text.replaceAll("\\p{Cntrl}", "?");
        return clean.length() <= 40 ? clean : clean.substring(0, 40) + "...";
    }
}
