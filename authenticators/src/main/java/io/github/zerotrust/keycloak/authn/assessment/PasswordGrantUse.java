package io.github.zerotrust.keycloak.authn.assessment;

import io.github.zerotrust.keycloak.assessment.RealmFacts;
import io.github.zerotrust.keycloak.assessment.RealmFacts.PasswordGrantClient;
import io.github.zerotrust.keycloak.authn.mfa.PasswordGrantBlockFactory;
import io.github.zerotrust.keycloak.policy.AppliesToRule;
import io.github.zerotrust.keycloak.policy.PasswordGrantRule;
import io.github.zerotrust.keycloak.policy.StepKind;
import io.github.zerotrust.keycloak.policy.StepKinds;
import java.time.Instant;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.keycloak.OAuth2Constants;
import org.keycloak.events.Details;
import org.keycloak.events.Event;
import org.keycloak.events.EventStoreProvider;
import org.keycloak.events.EventType;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationFlowBindings;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * The enabled clients that allow the password grant (Keycloak's "direct access grants", and not refused by the suite's
 * {@code Zero Trust - block password grants} in the flow they run), and how often each signed a
 * user in with it in the last {@link RealmFacts#USAGE_WINDOW}: counted from saved {@code LOGIN} events whose
 * {@code grant_type} is {@code password}, at most {@link #MAX_EVENTS} events read. Without saved {@code LOGIN}
 * events the use is not known, and the answer says so rather than guessing zero.
 */
final class PasswordGrantUse {

    static final int MAX_CLIENTS = 1000;
    static final int MAX_EVENTS = 10_000;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final Instant now;

    PasswordGrantUse(KeycloakSession session, RealmModel realm, Instant now) {
        this.session = session;
        this.realm = realm;
        this.now = now;
    }

    /** Keycloak saves LOGIN when events are on and LOGIN is listed, or nothing is listed (its default types). */
    boolean eventsSaved() {
        if (!realm.isEventsEnabled()) {
            return false;
        }
        Set<String> types = Set.copyOf(realm.getEnabledEventTypesStream().toList());
        return types.isEmpty() || types.contains(EventType.LOGIN.name());
    }

    List<PasswordGrantClient> clients() {
        List<ClientModel> allowing = realm.getClientsStream(0, MAX_CLIENTS)
                .filter(c -> c.isEnabled() && !c.isBearerOnly() && c.isDirectAccessGrantsEnabled() && !blocked(c))
                .sorted(Comparator.comparing(ClientModel::getClientId))
                .toList();
        if (allowing.isEmpty()) {
            return List.of();
        }
        if (!eventsSaved()) {
            return allowing.stream().map(c -> new PasswordGrantClient(c.getClientId(), OptionalInt.empty(), false)).toList();
        }
        Map<String, Integer> uses = new HashMap<>();
        int[] read = {0};
        EventStoreProvider store = session.getProvider(EventStoreProvider.class);
        if (store != null) {
            store.createQuery().realm(realm.getId()).type(EventType.LOGIN)
                    .fromDate(Date.from(now.minus(RealmFacts.USAGE_WINDOW))).maxResults(MAX_EVENTS).getResultStream()
                    .forEach(event -> {
                        read[0]++;
                        if (isPasswordGrant(event)) {
                            uses.merge(event.getClientId(), 1, Integer::sum);
                        }
                    });
        }
        boolean atLeast = read[0] >= MAX_EVENTS;
        return allowing.stream()
                .map(c -> new PasswordGrantClient(c.getClientId(), OptionalInt.of(uses.getOrDefault(c.getClientId(), 0)), atLeast))
                .toList();
    }

    /**
     * Whether the direct-grant flow the client runs (its override, else the realm's) refuses it before the password is
     * checked: at its top level, a REQUIRED {@code Zero Trust - block password grants} that does not list it, or a
     * CONDITIONAL sub-flow (a template's rule) whose only conditions are enforced applies-to conditions for everyone,
     * with such a block step in it. Keycloak allows the grant; the suite refuses it.
     */
    private boolean blocked(ClientModel client) {
        String override = client.getAuthenticationFlowBindingOverride(AuthenticationFlowBindings.DIRECT_GRANT_BINDING);
        AuthenticationFlowModel flow = override != null ? realm.getAuthenticationFlowById(override) : realm.getDirectGrantFlow();
        if (flow == null) {
            return false;
        }
        return realm.getAuthenticationExecutionsStream(flow.getId()).anyMatch(e -> {
            if (e.getRequirement() == AuthenticationExecutionModel.Requirement.REQUIRED) {
                return blocks(e, client);
            }
            if (e.getRequirement() != AuthenticationExecutionModel.Requirement.CONDITIONAL || !e.isAuthenticatorFlow()
                    || e.getFlowId() == null) {
                return false;
            }
            List<AuthenticationExecutionModel> inside = realm.getAuthenticationExecutionsStream(e.getFlowId())
                    .filter(i -> i.getRequirement() == AuthenticationExecutionModel.Requirement.REQUIRED).toList();
            boolean everyone = inside.stream()
                    .filter(i -> StepKinds.byId(i.getAuthenticator()).map(k -> k.role() == StepKind.Role.CONDITION).orElse(false))
                    .allMatch(i -> StepKinds.APPLIES_TO.providerId().equals(i.getAuthenticator()) && appliesToEveryone(settings(i)));
            return everyone && inside.stream().anyMatch(i -> blocks(i, client));
        });
    }

    private boolean blocks(AuthenticationExecutionModel e, ClientModel client) {
        return PasswordGrantBlockFactory.ID.equals(e.getAuthenticator())
                && !PasswordGrantRule.Settings.parse(settings(e)).allowedClients().contains(client.getClientId());
    }

    private static boolean appliesToEveryone(Map<String, String> settings) {
        AppliesToRule.Settings parsed = AppliesToRule.Settings.parse(settings);
        return parsed.appliesTo().everyone() && !parsed.reportOnly();
    }

    private Map<String, String> settings(AuthenticationExecutionModel e) {
        AuthenticatorConfigModel config = e.getAuthenticatorConfig() == null ? null : realm.getAuthenticatorConfigById(e.getAuthenticatorConfig());
        return config == null || config.getConfig() == null ? Map.of() : config.getConfig();
    }

    private static boolean isPasswordGrant(Event event) {
        return event.getClientId() != null && event.getDetails() != null
                && OAuth2Constants.PASSWORD.equals(event.getDetails().get(Details.GRANT_TYPE));
    }
}
