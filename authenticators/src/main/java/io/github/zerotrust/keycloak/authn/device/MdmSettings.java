package io.github.zerotrust.keycloak.authn.device;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Where a realm's MDM API is, from its {@code zt.device.mdm.*} attributes.
 *
 * @param baseUrl  the API root; devices are read at {@code {baseUrl}/deviceManagement/managedDevices/{id}}; none: the source is off
 * @param token    the bearer token, or a vault expression such as {@code ${vault.mdm-token}} (resolved at use, never logged)
 * @param timeout  connect and read timeout each
 * @param failOpen let sign-ins through (as unmanaged, logged) while the MDM cannot answer; default false: fail closed
 */
public record MdmSettings(Optional<URI> baseUrl, String token, Duration timeout, boolean failOpen) {

    public static final String URL = "zt.device.mdm.url";
    public static final String TOKEN = "zt.device.mdm.token";
    public static final String TIMEOUT_MS = "zt.device.mdm.timeout-ms";
    public static final String FAIL_OPEN = "zt.device.mdm.fail-open";
    static final int DEFAULT_TIMEOUT_MS = 2000;
    static final int MIN_TIMEOUT_MS = 100;
    static final int MAX_TIMEOUT_MS = 10_000;

    public static MdmSettings of(Map<String, String> attributes) {
        return new MdmSettings(url(attributes.get(URL)), attributes.getOrDefault(TOKEN, "").strip(),
                Duration.ofMillis(timeout(attributes.get(TIMEOUT_MS))),
                Boolean.parseBoolean(attributes.getOrDefault(FAIL_OPEN, "false").strip()));
    }

    private static Optional<URI> url(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            URI uri = URI.create(text.strip().replaceAll("/+$", ""));
            return "https".equals(uri.getScheme()) || "http".equals(uri.getScheme()) ? Optional.of(uri) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static int timeout(String text) {
        try {
            return text == null || text.isBlank() ? DEFAULT_TIMEOUT_MS
                    : Math.max(MIN_TIMEOUT_MS, Math.min(MAX_TIMEOUT_MS, Integer.parseInt(text.strip())));
        } catch (NumberFormatException e) {
            return DEFAULT_TIMEOUT_MS;
        }
    }
}
