package io.github.zerotrust.keycloak.ssf;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Poll delivery (RFC 8936) of a trusted transmitter: where the receiver fetches SETs ({@code pollUrl}, the stream's
 * {@code endpoint_url}), how it proves who it is there (OAuth client credentials at {@code tokenUrl}, or a static bearer
 * token), how often it asks and for how many SETs at a time. The client secret and the bearer token are write-only: they
 * are stored (the poller needs them, a Keycloak vault reference {@code ${vault.key}} keeps them out of the realm), never
 * in a view.
 *
 * @param clientSecret the client secret or a vault reference, when client credentials are used
 * @param bearerToken  the static bearer token or a vault reference, when it is used instead
 */
public record PollDelivery(String url, String tokenUrl, String clientId, String clientSecret, String scope, String bearerToken,
                           Duration interval, int maxEvents) {

    public static final String POLL_URL = "pollUrl";
    public static final String TOKEN_URL = "tokenUrl";
    public static final String CLIENT_ID = "clientId";
    public static final String CLIENT_SECRET = "clientSecret";
    public static final String SCOPE = "scope";
    public static final String BEARER_TOKEN = "bearerToken";
    public static final String POLL_INTERVAL = "pollIntervalSeconds";
    public static final String MAX_EVENTS = "maxEvents";
    /** Shown instead of the secrets: which way the receiver authenticates. */
    public static final String AUTHENTICATION = "authentication";
    public static final String CLIENT_CREDENTIALS = "client-credentials";
    public static final String BEARER = "bearer";
    /** The fields only a poll transmitter has. */
    public static final Set<String> FIELDS = Set.of(POLL_URL, TOKEN_URL, CLIENT_ID, CLIENT_SECRET, SCOPE, BEARER_TOKEN,
            POLL_INTERVAL, MAX_EVENTS);
    /** The write-only ones. */
    public static final Set<String> SECRETS = Set.of(CLIENT_SECRET, BEARER_TOKEN);

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_EVENTS = 100;
    static final long MIN_INTERVAL = 1;
    static final long MAX_INTERVAL = 3600;
    static final int MAX_MAX_EVENTS = 1000;
    /** Long enough for a JWT used as a static bearer token; short enough to keep a realm attribute small. */
    static final int MAX_SECRET = 4096;

    public boolean usesClientCredentials() {
        return tokenUrl != null;
    }

    /** Reads the poll fields of an admin's input; every problem is added to {@code problems}. */
    static PollDelivery fromInput(Map<String, Object> input, List<String> problems) {
        String url = TransmitterSettings.text(input, POLL_URL, problems, true);
        if (url != null && !httpUrl(url)) {
            problems.add("'" + POLL_URL + "' must be an http(s) URL (the stream's endpoint_url).");
        }
        String tokenUrl = TransmitterSettings.text(input, TOKEN_URL, problems, false);
        if (tokenUrl != null && !httpUrl(tokenUrl)) {
            problems.add("'" + TOKEN_URL + "' must be an http(s) URL.");
        }
        String clientId = TransmitterSettings.text(input, CLIENT_ID, problems, false);
        String clientSecret = secret(input, CLIENT_SECRET, problems);
        String scope = scope(input, problems);
        String bearer = secret(input, BEARER_TOKEN, problems);
        boolean anyCredentials = input.get(TOKEN_URL) != null || input.get(CLIENT_ID) != null || input.get(CLIENT_SECRET) != null
                || input.get(SCOPE) != null;
        boolean allCredentials = input.get(TOKEN_URL) != null && input.get(CLIENT_ID) != null && input.get(CLIENT_SECRET) != null;
        if (anyCredentials && input.get(BEARER_TOKEN) != null) {
            problems.add("Give either client credentials ('" + TOKEN_URL + "', '" + CLIENT_ID + "', '" + CLIENT_SECRET
                    + "') or '" + BEARER_TOKEN + "', not both.");
        } else if (anyCredentials && !allCredentials) {
            problems.add("Client credentials need '" + TOKEN_URL + "', '" + CLIENT_ID + "' and '" + CLIENT_SECRET + "'.");
        } else if (!anyCredentials && input.get(BEARER_TOKEN) == null) {
            problems.add("A poll transmitter needs client credentials ('" + TOKEN_URL + "', '" + CLIENT_ID + "', '"
                    + CLIENT_SECRET + "') or a '" + BEARER_TOKEN + "'.");
        }
        Duration interval = Duration.ofSeconds(whole(input, POLL_INTERVAL, DEFAULT_INTERVAL.toSeconds(), MIN_INTERVAL, MAX_INTERVAL,
                "seconds", problems));
        int maxEvents = (int) whole(input, MAX_EVENTS, DEFAULT_MAX_EVENTS, 1, MAX_MAX_EVENTS, "SETs", problems);
        return new PollDelivery(url, tokenUrl, clientId, clientSecret, scope, bearer, interval, maxEvents);
    }

    /** What an admin reads: everything but the secrets. */
    Map<String, Object> toView() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(POLL_URL, url);
        out.put(AUTHENTICATION, usesClientCredentials() ? CLIENT_CREDENTIALS : BEARER);
        if (usesClientCredentials()) {
            out.put(TOKEN_URL, tokenUrl);
            out.put(CLIENT_ID, clientId);
            if (scope != null) {
                out.put(SCOPE, scope);
            }
        }
        out.put(POLL_INTERVAL, interval.toSeconds());
        out.put(MAX_EVENTS, maxEvents);
        return out;
    }

    Map<String, Object> toStored() {
        Map<String, Object> out = toView();
        out.remove(AUTHENTICATION);
        Optional.ofNullable(clientSecret).ifPresent(s -> out.put(CLIENT_SECRET, s));
        Optional.ofNullable(bearerToken).ifPresent(s -> out.put(BEARER_TOKEN, s));
        return out;
    }

    @Override
    public String toString() {
        // A record's own toString would print the secrets into any log line that names the settings.
        return "PollDelivery[" + toView() + "]";
    }

    private static String secret(Map<String, Object> input, String field, List<String> problems) {
        Object value = input.get(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s) || s.isEmpty() || s.length() > MAX_SECRET || !s.chars().allMatch(c -> c >= 0x20 && c < 0x7f)
                || !s.strip().equals(s)) {
            problems.add("'" + field + "' must be 1 to " + MAX_SECRET + " printable ASCII characters (or a vault reference ${vault.key}).");
            return null;
        }
        return s;
    }

    private static String scope(Map<String, Object> input, List<String> problems) {
        Object value = input.get(SCOPE);
        if (value == null) {
            return null;
        }
        // RFC 6749 §3.3: scope tokens are printable ASCII without '"' and '\', separated by single spaces.
        if (!(value instanceof String s) || s.isEmpty() || s.length() > TransmitterSettings.MAX_TEXT
                || !s.matches("[\\x21\\x23-\\x5b\\x5d-\\x7e]+( [\\x21\\x23-\\x5b\\x5d-\\x7e]+)*")) {
            problems.add("'" + SCOPE + "' must be OAuth scope tokens separated by single spaces (e.g. \"ssf.read\").");
            return null;
        }
        return s;
    }

    private static long whole(Map<String, Object> input, String field, long fallback, long min, long max, String unit,
                              List<String> problems) {
        Object value = input.get(field);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Number n && n.doubleValue() == n.longValue() && n.longValue() >= min && n.longValue() <= max) {
            return n.longValue();
        }
        problems.add("'" + field + "' must be a whole number of " + unit + " from " + min + " to " + max + ".");
        return fallback;
    }

    private static boolean httpUrl(String text) {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            // No user-info: credentials travel in headers, never in a URL that ends up in a log or a view.
            return (scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null && uri.getUserInfo() == null
                    && uri.getFragment() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
