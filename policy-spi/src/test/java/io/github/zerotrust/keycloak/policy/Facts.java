package io.github.zerotrust.keycloak.policy;

import io.github.zerotrust.keycloak.device.DeviceTrust;
import io.github.zerotrust.keycloak.location.ClientAddress;
import io.github.zerotrust.keycloak.location.Country;
import io.github.zerotrust.keycloak.location.GeoLocation;
import io.github.zerotrust.keycloak.risk.Assessment;
import io.github.zerotrust.keycloak.risk.RiskLevel;
import io.github.zerotrust.keycloak.risk.RiskReason;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Sign-ins written down for the rules' tests. */
final class Facts {

    static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");

    private Facts() {
    }

    static SignIn from(String country) {
        GeoLocation geo = new GeoLocation(Country.of(country), null, null, null, null, null);
        return SignIn.from(new Origin(ClientAddress.parse("192.0.2.10"), geo, Set.of(), Set.of()), NOW);
    }

    static SignIn anywhere() {
        return SignIn.from(new Origin(ClientAddress.parse("192.0.2.10"), GeoLocation.unknown(), Set.of(), Set.of()), NOW);
    }

    /** A user in these groups with these roles, and these second factors. */
    static Who user(Set<String> groups, Set<String> roles, Set<String> credentialTypes) {
        Memberships memberships = new Memberships() {
            @Override
            public Optional<Boolean> inGroup(String group) {
                return group.equals("nonexistent") ? Optional.empty() : Optional.of(groups.contains(group));
            }

            @Override
            public Optional<Boolean> hasRole(String role) {
                return role.equals("nonexistent") ? Optional.empty() : Optional.of(roles.contains(role));
            }
        };
        return new Who("user-1", "alice", memberships, credentialTypes, Set.of(), Optional.empty());
    }

    /** A guest of the realm's guests group with this record. */
    static Who guest(Optional<String> sponsor, Optional<Instant> endsAt, boolean protectedRecord) {
        Who alice = alice();
        return new Who("guest-1", "pat", alice.memberships(), Set.of(), Set.of(), Optional.empty(), false,
                Optional.of(new io.github.zerotrust.keycloak.guest.Guest(io.github.zerotrust.keycloak.guest.Guest.Source.GROUP,
                        sponsor, endsAt, protectedRecord)));
    }

    static Who alice() {
        return user(Set.of(), Set.of(), Set.of());
    }

    static Assessment assessed(int score, RiskLevel level) {
        return new Assessment(score, level, List.of(new RiskReason("new-device", "a browser not seen before", score)), NOW);
    }

    static DeviceFinding device(DeviceFinding.Status status, DeviceTrust trust) {
        return new DeviceFinding(status, trust, status == DeviceFinding.Status.COMPLIANT ? List.of()
                : List.of(new DeviceFinding.FailedCheck("disk-encryption", "Disk encryption is off")), Optional.empty());
    }

    static Assurance acr() {
        return new Assurance(Assurance.NONE, Map.of("mfa", 2, "phr", 3));
    }
}
