package io.github.zerotrust.keycloak.template;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a realm has now, as far as the templates care, in plain values: the shell reads it from Keycloak's model.
 *
 * @param flows          top-level flows by alias (only the template flows need to be here)
 * @param browserFlow    the alias of the flow bound as browser flow
 * @param directGrantFlow the alias of the flow bound as direct-grant flow
 * @param settings       the realm settings the settings rules touch
 * @param installed      what {@code zt.templates} records, by template id
 * @param providerFlows  each identity provider's alias and the alias of its post-broker-login flow ({@code ""} for none)
 */
public record RealmState(Map<String, FlowState> flows, String browserFlow, String directGrantFlow, Settings settings,
                         Map<String, Installed> installed, Map<String, String> providerFlows) {

    public RealmState {
        flows = Map.copyOf(flows);
        installed = Map.copyOf(installed);
        providerFlows = Map.copyOf(providerFlows);
    }

    /** A realm without identity providers. */
    public RealmState(Map<String, FlowState> flows, String browserFlow, String directGrantFlow, Settings settings,
                      Map<String, Installed> installed) {
        this(flows, browserFlow, directGrantFlow, settings, installed, Map.of());
    }

    /**
     * A top-level flow: the provider ids of its top-level steps, and its top-level sub-flows by alias.
     */
    public record FlowState(List<String> topLevelSteps, Map<String, List<StepState>> subFlows) {

        public FlowState {
            topLevelSteps = List.copyOf(topLevelSteps);
            subFlows = Map.copyOf(subFlows);
        }
    }

    /** One step of a sub-flow as stored: provider id, its configuration's alias and settings (empty when it has none). */
    public record StepState(String providerId, Optional<String> configAlias, Map<String, String> config) {

        public StepState {
            config = Map.copyOf(config);
        }
    }

    /**
     * @param bruteForce      Keycloak's brute-force detection is on
     * @param failureFactor   its failures before a lockout
     * @param elevateAction   the {@code zt-elevate} required action is registered and enabled
     * @param privilegedRoles {@code zt.elevation.privileged-roles} as listed
     * @param refresh         an enabled client policy runs {@code zt-continuous-access}
     * @param strictRefresh   and one such executor has strict location on
     */
    public record Settings(boolean bruteForce, int failureFactor, boolean elevateAction, List<String> privilegedRoles,
                           boolean refresh, boolean strictRefresh) {

        public Settings {
            privilegedRoles = List.copyOf(privilegedRoles);
        }
    }

    /** A template recorded as installed: its version then and the parameters it was installed with. */
    public record Installed(int version, TemplateParameters parameters) {
    }
}
