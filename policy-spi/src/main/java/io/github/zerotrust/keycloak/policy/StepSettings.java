package io.github.zerotrust.keycloak.policy;

/** The typed settings of a step. */
public interface StepSettings {

    /** Record what the step would have done, then do nothing; steps without the switch never are. */
    default boolean reportOnly() {
        return false;
    }
}
