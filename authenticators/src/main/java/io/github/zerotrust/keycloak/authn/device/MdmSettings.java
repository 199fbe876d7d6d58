package io.github.zerotrust.keycloak.authn.device;

import io.github.zerotrust.keycloak.config.ConfigMap;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Where a realm's MDM API is, from its {@code zt.device.mdm.*} attributes.
 *
 * @param baseUrl  the API root; devices are read at {@code {baseUrl}/deviceManagement/managedDevices/{id}}; none: the source is off
 * @param token    the bearer token's vault reference; only {@value #VAULT_REFERENCE} is accepted (resolved at use, never
 *                 logged): a plain token in a realm attribute is readable by every realm viewer, and any other vault
 *                 key would let a realm admin send another of the server's secrets to a URL of their choosing
 * @param timeout  connect and read timeout each
 * @param failOpen let sign-ins through (as unmanaged, logged) while the MDM cannot answer; default false: fail closed
 */
public record MdmSettings(Optional<URI> baseUrl, String token, Duration timeout, boolean failOpen) {

    public static final String URL = "zt.device.mdm.url";
    public static final String TOKEN = "zt.device.mdm.token";
    public static final String TIMEOUT_MS = "zt.device.mdm.timeout-ms";
    public static final String FAIL_OPEN = "zt.device.mdm.fail-open";
    /** The one vault key the MDM token is read from: file {@code <realm>_zt-mdm-token} in a file vault. */
    public static final String VAULT_KEY = "zt-mdm-token";
    public static final String VAULT_REFERENCE = "${vault." + VAULT_KEY + "}";
    static final int DEFAULT_TIMEOUT_MS = 2000;
    static final int MIN_TIMEOUT_MS = 100;
    static final int MAX_TIMEOUT_MS = 10_000;

    public static MdmSettings of(Map<String, String> attributes) {
        ConfigMap in = ConfigMap.of(attributes);
        return new MdmSettings(in.text(URL).flatMap(MdmSettings::url), in.text(TOKEN, ""),
                Duration.ofMillis(in.number(TIMEOUT_MS, DEFAULT_TIMEOUT_MS, MIN_TIMEOUT_MS, MAX_TIMEOUT_MS)),
                // Failing open takes the exact word: "yes" or a typo never opens a security check.
                "true".equalsIgnoreCase(in.text(FAIL_OPEN, "false")));
    }

    /** Why the token setting cannot be used, if so: anything but the fixed vault reference (or nothing). */
    public Optional<String> tokenProblem() {
        if (token.isEmpty() || token.equals(VAULT_REFERENCE)) {
            return Optional.empty();
        }
        return Optional.of(TOKEN + " must be " + VAULT_REFERENCE + " (the token in the server's vault), not "
                + (token.startsWith("${vault.") ? "another vault key" : "the token itself"));
    }

    private static Optional<URI> url(String text) {
        try {
            URI uri = URI.create(text.replaceAll("/+$", ""));
            return "https".equals(uri.getScheme()) || "http".equals(uri.getScheme()) ? Optional.of(uri) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
