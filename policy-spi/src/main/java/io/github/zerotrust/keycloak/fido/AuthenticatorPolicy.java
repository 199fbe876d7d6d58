package io.github.zerotrust.keycloak.fido;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which FIDO2 authenticators a realm accepts, read once from its {@code zt.fido.*} settings.
 * {@link #read} never throws: an unreadable value gives the default and is named in the problems.
 *
 * @param allowedAaguids     only these models are accepted; empty accepts any model
 * @param deniedAaguids      never accepted, even when also allowed
 * @param requireAttestation the credential must come with a trusted attestation (format other than {@code none})
 * @param minimumLevel       the lowest FIDO certification level accepted; above NONE needs metadata
 * @param refuseCompromised  refuse models whose latest metadata status is a compromise (when metadata is loaded)
 * @param requireMetadata    the model must be listed in the metadata BLOB
 */
public record AuthenticatorPolicy(Set<Aaguid> allowedAaguids, Set<Aaguid> deniedAaguids, boolean requireAttestation,
                                  CertificationLevel minimumLevel, boolean refuseCompromised, boolean requireMetadata) {

    public static final String PREFIX = "zt.fido.";
    public static final String ALLOWED_AAGUIDS = PREFIX + "allowed-aaguids";
    public static final String DENIED_AAGUIDS = PREFIX + "denied-aaguids";
    public static final String REQUIRE_ATTESTATION = PREFIX + "require-attestation";
    public static final String MINIMUM_LEVEL = PREFIX + "minimum-certification-level";
    public static final String REFUSE_COMPROMISED = PREFIX + "refuse-compromised";
    public static final String REQUIRE_METADATA = PREFIX + "require-metadata";

    public static final int MAX_LISTED_AAGUIDS = 10_000;

    private static final AuthenticatorPolicy DEFAULTS = new AuthenticatorPolicy(Set.of(), Set.of(), false,
            CertificationLevel.NONE, true, false);

    public AuthenticatorPolicy {
        allowedAaguids = Set.copyOf(allowedAaguids);
        deniedAaguids = Set.copyOf(deniedAaguids);
        Objects.requireNonNull(minimumLevel, "minimumLevel");
    }

    public static AuthenticatorPolicy defaults() {
        return DEFAULTS;
    }

    /** The policy and what could not be read, for a warning in the log or the admin console. */
    public record Parsed(AuthenticatorPolicy policy, List<String> problems) {
        public Parsed {
            problems = List.copyOf(problems);
        }
    }

    public static AuthenticatorPolicy parse(Map<String, String> config) {
        return read(config).policy();
    }

    public static Parsed read(Map<String, String> config) {
        Map<String, String> in = config == null ? Map.of() : config;
        List<String> problems = new ArrayList<>();
        AuthenticatorPolicy d = DEFAULTS;
        CertificationLevel level = d.minimumLevel();
        String levelText = text(in, MINIMUM_LEVEL);
        if (levelText != null) {
            Optional<CertificationLevel> parsed = CertificationLevel.parse(levelText);
            parsed.ifPresentOrElse(l -> { }, () -> problems.add(MINIMUM_LEVEL + ": '" + levelText
                    + "' is not a level (none, L1, L1+, L2, L2+, L3, L3+); using " + d.minimumLevel().label()));
            level = parsed.orElse(level);
        }
        Set<Aaguid> allowed = aaguids(in, ALLOWED_AAGUIDS, problems);
        if (allowed.isEmpty() && text(in, ALLOWED_AAGUIDS) != null) {
            // An allow list was given but none of it is readable: allow nothing rather than everything.
            problems.add(ALLOWED_AAGUIDS + ": no readable AAGUID; no model is allowed until it is fixed");
            allowed = Set.of(Aaguid.NOTHING);
        }
        return new Parsed(new AuthenticatorPolicy(
                allowed, aaguids(in, DENIED_AAGUIDS, problems),
                flag(in, REQUIRE_ATTESTATION, d.requireAttestation(), problems), level,
                flag(in, REFUSE_COMPROMISED, d.refuseCompromised(), problems),
                flag(in, REQUIRE_METADATA, d.requireMetadata(), problems)), problems);
    }

    /** Whether a rule of this policy can only be decided with a metadata BLOB. */
    public boolean needsMetadata() {
        return requireMetadata || minimumLevel != CertificationLevel.NONE;
    }

    private static String text(Map<String, String> in, String key) {
        String value = in.get(key);
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static boolean flag(Map<String, String> in, String key, boolean fallback, List<String> problems) {
        String text = text(in, key);
        if (text == null) {
            return fallback;
        }
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "on", "yes" -> true;
            case "false", "off", "no" -> false;
            default -> {
                problems.add(key + ": '" + text + "' is not true or false; using " + fallback);
                yield fallback;
            }
        };
    }

    // An unreadable entry is skipped, not the whole list: dropping an allow list would accept everything.
    private static Set<Aaguid> aaguids(Map<String, String> in, String key, List<String> problems) {
        String text = text(in, key);
        Set<Aaguid> aaguids = new LinkedHashSet<>();
        if (text == null) {
            return aaguids;
        }
        for (String item : text.split("[,\\s]+")) {
            if (item.isEmpty()) {
                continue;
            }
            Optional<Aaguid> aaguid = Aaguid.parse(item);
            if (aaguid.isEmpty()) {
                problems.add(key + ": '" + abbreviated(item) + "' is not an AAGUID; skipped");
            } else if (aaguids.size() < MAX_LISTED_AAGUIDS) {
                aaguids.add(aaguid.get());
            }
        }
        return aaguids;
    }

    private static String abbreviated(String item) {
        return item.length() <= 40 ? item : item.substring(0, 40) + "...";
    }
}
