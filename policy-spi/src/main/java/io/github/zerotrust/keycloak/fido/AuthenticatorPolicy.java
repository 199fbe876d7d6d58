package io.github.zerotrust.keycloak.fido;

import io.github.zerotrust.keycloak.config.ConfigMap;
import java.util.LinkedHashSet;
import java.util.List;
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
        ConfigMap in = ConfigMap.of(config);
        AuthenticatorPolicy d = DEFAULTS;
        CertificationLevel level = in.text(MINIMUM_LEVEL).map(text -> {
            Optional<CertificationLevel> parsed = CertificationLevel.parse(text);
            if (parsed.isEmpty()) {
                in.problem(MINIMUM_LEVEL, "'" + ConfigMap.abbreviated(text)
                        + "' is not a level (none, L1, L1+, L2, L2+, L3, L3+); using " + d.minimumLevel().label());
            }
            return parsed.orElse(d.minimumLevel());
        }).orElse(d.minimumLevel());
        Set<Aaguid> allowed = aaguids(in, ALLOWED_AAGUIDS);
        if (allowed.isEmpty() && in.has(ALLOWED_AAGUIDS)) {
            // An allow list was given but none of it is readable: allow nothing rather than everything.
            in.problem(ALLOWED_AAGUIDS, "no readable AAGUID; no model is allowed until it is fixed");
            allowed = Set.of(Aaguid.NOTHING);
        }
        AuthenticatorPolicy policy = new AuthenticatorPolicy(
                allowed, aaguids(in, DENIED_AAGUIDS),
                in.flag(REQUIRE_ATTESTATION, d.requireAttestation()), level,
                in.flag(REFUSE_COMPROMISED, d.refuseCompromised()),
                in.flag(REQUIRE_METADATA, d.requireMetadata()));
        return new Parsed(policy, in.problems());
    }

    /** Whether a rule of this policy can only be decided with a metadata BLOB. */
    public boolean needsMetadata() {
        return requireMetadata || minimumLevel != CertificationLevel.NONE;
    }

    // An unreadable entry is skipped, not the whole list: dropping an allow list would accept everything.
    private static Set<Aaguid> aaguids(ConfigMap in, String key) {
        Set<Aaguid> aaguids = new LinkedHashSet<>();
        for (String item : in.text(key).map(text -> text.split("[,\\s]+")).orElse(new String[0])) {
            if (item.isEmpty()) {
                continue;
            }
            Optional<Aaguid> aaguid = Aaguid.parse(item);
            if (aaguid.isEmpty()) {
                in.problem(key, "'" + ConfigMap.abbreviated(item) + "' is not an AAGUID; skipped");
            } else if (aaguids.size() < MAX_LISTED_AAGUIDS) {
                aaguids.add(aaguid.get());
            }
        }
        return aaguids;
    }
}
