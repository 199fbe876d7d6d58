package io.github.zerotrust.keycloak.risk;

import java.util.Optional;
import java.util.Set;

/**
 * The address belongs to a network that hides who is behind it: an anonymiser (VPN service, Tor
 * exit, proxy) or a hosting provider, where staff rarely sit. Both lists give the same reason
 * name and weight, and the detail says which list matched.
 */
public final class AnonymisingNetwork implements Signal {

    public static final String NAME = "anonymising-network";

    /** Autonomous system numbers of anonymisers and of hosting providers. */
    public record Settings(Set<Long> anonymiserAsns, Set<Long> hostingAsns) {

        public static final Settings DEFAULTS = new Settings(Set.of(), Set.of());

        public Settings {
            anonymiserAsns = anonymiserAsns == null ? Set.of() : Set.copyOf(anonymiserAsns);
            hostingAsns = hostingAsns == null ? Set.of() : Set.copyOf(hostingAsns);
        }
    }

    private final Settings settings;

    AnonymisingNetwork(Settings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<RiskReason> evaluate(SignInFacts facts) {
        Long asn = facts.location().asn();
        if (asn == null) {
            return Optional.empty();
        }
        if (settings.anonymiserAsns().contains(asn)) {
            return Optional.of(RiskReason.of(NAME, "AS" + asn + " is listed as an anonymiser"));
        }
        if (settings.hostingAsns().contains(asn)) {
            return Optional.of(RiskReason.of(NAME, "AS" + asn + " is listed as a hosting provider"));
        }
        return Optional.empty();
    }
}
