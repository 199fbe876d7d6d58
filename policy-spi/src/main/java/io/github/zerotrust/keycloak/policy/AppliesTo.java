package io.github.zerotrust.keycloak.policy;

import io.github.zerotrust.keycloak.config.ConfigMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whom and which apps a rule is for, as in a Conditional Access policy: members of any listed group
 * (sub-groups included), holders of any listed role (composites and group roles included), signing in
 * to any listed app. A list left empty does not narrow; lists that are set must all hold.
 *
 * @param groups  group names or paths ({@code admins}, {@code /it/admins})
 * @param roles   realm roles, or client roles as {@code clientId.role}
 * @param clients client ids
 * @param identityProviders aliases of identity providers: the rule is for sign-ins through one of them (a partner's
 *                          users); {@code *} for a sign-in through any
 */
public record AppliesTo(List<String> groups, List<String> roles, List<String> clients, List<String> identityProviders) {

    public static final String GROUPS = "zt.applies-to.groups";
    public static final String ROLES = "zt.applies-to.roles";
    public static final String CLIENTS = "zt.applies-to.clients";
    public static final String IDENTITY_PROVIDERS = "zt.applies-to.identity-providers";
    /** In {@link #IDENTITY_PROVIDERS}: a sign-in through any identity provider. */
    public static final String ANY_PROVIDER = "*";

    public AppliesTo {
        groups = List.copyOf(groups);
        roles = List.copyOf(roles);
        clients = List.copyOf(clients);
        identityProviders = identityProviders == null ? List.of() : List.copyOf(identityProviders);
    }

    public AppliesTo(List<String> groups, List<String> roles, List<String> clients) {
        this(groups, roles, clients, List.of());
    }

    public static AppliesTo read(Map<String, String> config) {
        return new AppliesTo(ConfigMap.of(config).multivalued(GROUPS), ConfigMap.of(config).multivalued(ROLES),
                ConfigMap.of(config).multivalued(CLIENTS), ConfigMap.of(config).multivalued(IDENTITY_PROVIDERS));
    }

    public boolean everyone() {
        return groups.isEmpty() && roles.isEmpty() && clients.isEmpty() && identityProviders.isEmpty();
    }

    public boolean needsUser() {
        return !groups.isEmpty() || !roles.isEmpty();
    }

    /**
     * Why the rule applies to this sign-in ("group /admins, app hr-portal"), or empty when it does not.
     * A group or role that does not exist matches nobody and is named in {@code unknown}.
     */
    public Optional<String> match(SignIn signIn, List<String> unknown) {
        List<String> why = new ArrayList<>(3);
        Optional<Memberships> memberships = signIn.who().map(Who::memberships);
        if (!groups.isEmpty()) {
            Optional<String> group = groups.stream().filter(g -> holds(memberships.flatMap(m -> m.inGroup(g)), "group " + g, unknown,
                    memberships.isPresent())).findFirst();
            if (group.isEmpty()) {
                return Optional.empty();
            }
            why.add("group " + group.get());
        }
        if (!roles.isEmpty()) {
            Optional<String> role = roles.stream().filter(r -> holds(memberships.flatMap(m -> m.hasRole(r)), "role " + r, unknown,
                    memberships.isPresent())).findFirst();
            if (role.isEmpty()) {
                return Optional.empty();
            }
            why.add("role " + role.get());
        }
        if (!clients.isEmpty()) {
            if (signIn.clientId().filter(clients::contains).isEmpty()) {
                return Optional.empty();
            }
            why.add("app " + signIn.clientId().get());
        }
        if (!identityProviders.isEmpty()) {
            Optional<String> provider = signIn.upstream().map(u -> u.provider())
                    .filter(p -> identityProviders.contains(p) || identityProviders.contains(ANY_PROVIDER));
            if (provider.isEmpty()) {
                return Optional.empty();
            }
            why.add("identity provider " + provider.get());
        }
        return Optional.of(why.isEmpty() ? "everyone" : String.join(", ", why));
    }

    private static boolean holds(Optional<Boolean> answer, String name, List<String> unknown, boolean userKnown) {
        if (userKnown && answer.isEmpty()) {
            unknown.add(name);
        }
        return answer.orElse(false);
    }

    /** The problem an admin should hear of when a rule names groups or roles that do not exist. */
    Optional<String> warning(List<String> unknown) {
        return unknown.isEmpty() ? Optional.empty() : Optional.of("it names " + unknown + ", which do not exist");
    }
}
